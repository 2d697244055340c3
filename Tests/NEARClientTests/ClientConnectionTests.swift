import ByteEncoding
import Foundation
import Logging
import NEARClient
import Testing

@Suite("NEAR RPC client over HTTP")
struct ClientConnectionTests {
    static func client(_ server: CannedHTTPServer, timeout: Duration = .seconds(10)) -> NEARRPCClient {
        NEARRPCClient(rpcURL: server.url, requestTimeout: timeout, logger: Logger(label: "test"))
    }

    static func request(_ bytes: [UInt8]) throws -> [String: Any] {
        try require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test("an RPC that refuses the connection is near_rpc_unavailable, temporary")
    func connectionRefused() async throws {
        // Port 1 on the loopback: nothing listens there. The client retries the connection until the
        // request time-out, then reports the refusal (not a time-out).
        let client = NEARRPCClient(rpcURL: "http://127.0.0.1:1", requestTimeout: .seconds(1), logger: Logger(label: "test"))
        let error = try await #require(throws: NEARRPCError.self) { try await client.block() }
        #expect(error.code == .nearRpcUnavailable)
        #expect(error.isTemporary)
    }

    @Test("send_tx posts the signed transaction in base64 with wait_until, and reads the error body of an HTTP 408")
    func sendTransactionTimeout() async throws {
        let server = try await CannedHTTPServer { _ in
            (
                408,
                #"{"jsonrpc":"2.0","error":{"name":"HANDLER_ERROR","cause":{"name":"TIMEOUT_ERROR"},"code":-32000,"message":"Server error","data":"Timeout"},"id":"chainmail"}"#
            )
        }
        let signed = try TransactionBorshTests.transaction().signed(with: TransactionBorshTests.keyPair)
        let error = try await #require(throws: NEARRPCError.self) { try await Self.client(server).sendTransaction(signed) }
        try await server.stop()
        #expect(error.code == .nearRpcTimeout)
        let request = try Self.request(try require(server.requests.first))
        #expect(request["jsonrpc"] as? String == "2.0")
        #expect(request["method"] as? String == "send_tx")
        let params = try require(request["params"] as? [String: Any])
        #expect(params["signed_tx_base64"] as? String == signed.base64)
        #expect(params["wait_until"] as? String == "FINAL")
    }

    @Test("a Failure outcome in HTTP 200 from EXPERIMENTAL_tx_status is near_contract_failure")
    func transactionStatusFailure() async throws {
        let server = try await CannedHTTPServer { _ in
            (
                200,
                #"{"jsonrpc":"2.0","result":{"final_execution_status":"FINAL","status":{"Failure":{"ActionError":{"index":0,"kind":{"FunctionCallError":{"ExecutionError":"Smart contract panicked: bad request"}}}}}},"id":"chainmail"}"#
            )
        }
        let error = try await #require(throws: NEARRPCError.self) {
            try await Self.client(server).transactionStatus(hash: "ASS7oYwGiem9HaNwJe6vS2kznx2CxueKDvU9BAYJRjNR", sender: "chainmail.testnet")
        }
        try await server.stop()
        #expect(error.code == .nearContractFailure)
        #expect(error.message.contains("bad request"))
        let request = try Self.request(try require(server.requests.first))
        #expect(request["method"] as? String == "EXPERIMENTAL_tx_status")
        let params = try require(request["params"] as? [String: Any])
        #expect(params["tx_hash"] as? String == "ASS7oYwGiem9HaNwJe6vS2kznx2CxueKDvU9BAYJRjNR")
        #expect(params["sender_account_id"] as? String == "chainmail.testnet")
    }

    @Test("view_access_key: an unknown account (error object) and an unknown key (result with error) are both near_key_not_authorised")
    func viewAccessKeyRefusals() async throws {
        let server = try await CannedHTTPServer { body in
            let text = String(decoding: body, as: UTF8.self)
            if text.contains("nobody.testnet") {
                return (
                    200,
                    #"{"jsonrpc":"2.0","error":{"name":"HANDLER_ERROR","cause":{"name":"UNKNOWN_ACCOUNT","info":{"requested_account_id":"nobody.testnet","block_height":1,"block_hash":"GGJQ8yjmo7aEoj8ZpAhGehnq9BSWFx4xswHYzDwwAP2n"}},"code":-32000,"message":"Server error","data":"account nobody.testnet does not exist while viewing"},"id":"chainmail"}"#
                )
            }
            return (
                200,
                #"{"jsonrpc":"2.0","result":{"block_hash":"GGJQ8yjmo7aEoj8ZpAhGehnq9BSWFx4xswHYzDwwAP2n","block_height":1,"error":"access key does not exist while viewing","logs":[]},"id":"chainmail"}"#
            )
        }
        let client = Self.client(server)
        let key = TransactionBorshTests.keyPair.publicKey
        for account in ["nobody.testnet", "chainmail.testnet"] {
            let error = try await #require(throws: NEARRPCError.self) { try await client.viewAccessKey(account: account, publicKey: key) }
            #expect(error.code == .nearKeyNotAuthorised, "\(account)")
        }
        try await server.stop()
        let params = try require(try Self.request(try require(server.requests.last))["params"] as? [String: Any])
        #expect(params["request_type"] as? String == "view_access_key")
        #expect(params["finality"] as? String == "final")
        #expect(params["public_key"] as? String == key.description)
    }

    @Test("an RPC that never answers is near_rpc_timeout after the request time-out")
    func ourTimeout() async throws {
        let server = try await CannedHTTPServer { _ in nil }
        let error = try await #require(throws: NEARRPCError.self) { try await Self.client(server, timeout: .milliseconds(500)).block() }
        try await server.stop()
        #expect(error.code == .nearRpcTimeout)
        #expect(error.isTemporary)
    }

    @Test("call_function sends the arguments in base64 and returns the result bytes")
    func callFunction() async throws {
        let server = try await CannedHTTPServer { _ in
            (
                200,
                #"{"jsonrpc":"2.0","result":{"result":[34,111,107,34],"logs":[],"block_height":1,"block_hash":"GGJQ8yjmo7aEoj8ZpAhGehnq9BSWFx4xswHYzDwwAP2n"},"id":"chainmail"}"#
            )
        }
        let result = try await Self.client(server).callFunction(account: "v1.signer-prod.testnet", method: "public_key", argsJSON: Array("{}".utf8))
        try await server.stop()
        #expect(result == Array(#""ok""#.utf8))
        let params = try require(try Self.request(try require(server.requests.first))["params"] as? [String: Any])
        #expect(params["request_type"] as? String == "call_function")
        #expect(params["method_name"] as? String == "public_key")
        #expect(params["args_base64"] as? String == "e30=")
    }
}
