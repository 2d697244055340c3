import AsyncHTTPClient
import ByteEncoding
import Foundation
import Logging
import NIOCore

/// A client of a NEAR RPC node: JSON-RPC 2.0 over HTTP POST to `rpcURL`.
///
/// Every failure is a `NEARRPCError` whose `isTemporary` says whether to try again. A call that
/// gets no answer within `requestTimeout` throws `near_rpc_timeout`; a signed transaction whose
/// `sendTransaction` timed out is then followed with `transactionStatus`, never sent anew.
public struct NEARRPCClient: Sendable {
    /// The RPC endpoint, e.g. `https://rpc.testnet.near.org`.
    public let rpcURL: String
    /// The longest wait for one answer, ours (the RPC has its own, shorter for `send_tx`).
    public let requestTimeout: Duration
    /// The largest answer read.
    public static let maximumResponseBytes = 16 << 20

    private let httpClient: HTTPClient
    private let logger: Logger

    public init(rpcURL: String, httpClient: HTTPClient = .shared, requestTimeout: Duration = .seconds(30), logger: Logger) {
        self.rpcURL = rpcURL
        self.httpClient = httpClient
        self.requestTimeout = requestTimeout
        self.logger = logger
    }

    /// The latest block of the given finality: its height and hash (method `block`).
    public func block(finality: NEARFinality = .final) async throws(NEARRPCError) -> NEARBlock {
        try NEARRPCResponse.block(try await call("block", params: ["finality": finality.rawValue]))
    }

    /// The access key `publicKey` of `account` (method `query`, `view_access_key`, finality
    /// `final`). An unknown account and a key the account does not have are both
    /// `near_key_not_authorised`.
    public func viewAccessKey(account: String, publicKey: NEARPublicKey) async throws(NEARRPCError) -> NEARAccessKey {
        do {
            return try await viewAccessKeyKeepingUnknownAccount(account: account, publicKey: publicKey)
        } catch  where error.code == .nearUnknownAccount {
            throw .keyNotAuthorised("\(publicKey) is not a key of \(account): \(error.message)")
        }
    }

    /// As `viewAccessKey`, but an unknown account stays `near_unknown_account` rather than
    /// becoming `near_key_not_authorised`, for callers that tell the two apart (the `Account`
    /// identity's verifier says which one it met).
    package func viewAccessKeyKeepingUnknownAccount(account: String, publicKey: NEARPublicKey) async throws(NEARRPCError) -> NEARAccessKey {
        let params: [String: Any] = [
            "request_type": "view_access_key", "finality": NEARFinality.final.rawValue, "account_id": account,
            "public_key": publicKey.description,
        ]
        return try NEARRPCResponse.accessKey(try await call("query", params: params))
    }

    /// Calls the view method `method` of `account`'s contract with `argsJSON` (method `query`,
    /// `call_function`, finality `final`); its return value's bytes.
    public func callFunction(account: String, method: String, argsJSON: [UInt8]) async throws(NEARRPCError) -> [UInt8] {
        let params: [String: Any] = [
            "request_type": "call_function", "finality": NEARFinality.final.rawValue, "account_id": account,
            "method_name": method, "args_base64": Base64.encode(argsJSON, .standardPadded),
        ]
        return try NEARRPCResponse.callResult(try await call("query", params: params))
    }

    /// Sends a signed transaction and waits for it as `waitUntil` says (method `send_tx`).
    public func sendTransaction(
        _ signed: NEARSignedTransaction,
        waitUntil: NEARWaitUntil = .final
    ) async throws(NEARRPCError)
        -> NEARExecutionOutcome
    {
        let params: [String: Any] = ["signed_tx_base64": signed.base64, "wait_until": waitUntil.rawValue]
        logger.debug("NEAR send_tx", metadata: ["tx": "\(signed.hashBase58)", "nonce": "\(signed.transaction.nonce)"])
        return try NEARRPCResponse.outcome(try await call("send_tx", params: params))
    }

    /// The status of the transaction `hash` (base58) sent by `sender` (method `EXPERIMENTAL_tx_status`).
    public func transactionStatus(
        hash: String,
        sender: String,
        waitUntil: NEARWaitUntil = .final
    ) async throws(NEARRPCError)
        -> NEARExecutionOutcome
    {
        let params: [String: Any] = ["tx_hash": hash, "sender_account_id": sender, "wait_until": waitUntil.rawValue]
        return try NEARRPCResponse.outcome(try await call("EXPERIMENTAL_tx_status", params: params))
    }

    /// One JSON-RPC call: its `result`, or the error of the answer, of the status or of the connection.
    private func call(_ method: String, params: [String: Any]) async throws(NEARRPCError) -> Any {
        let envelope: [String: Any] = ["jsonrpc": "2.0", "id": "chainmail", "method": method, "params": params]
        let body: Data
        do {
            body = try JSONSerialization.data(withJSONObject: envelope, options: [.sortedKeys])
        } catch {
            throw .invalidResponse("cannot write the \(method) request: \(error)")
        }
        var request = HTTPClientRequest(url: rpcURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        let status: Int
        let bytes: [UInt8]
        do {
            let (seconds, attoseconds) = requestTimeout.components
            let timeout = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
            let response = try await httpClient.execute(request, timeout: timeout)
            status = Int(response.status.code)
            bytes = Array(buffer: try await response.body.collect(upTo: Self.maximumResponseBytes))
        } catch let error as HTTPClientError where Self.isTimeout(error) {
            throw .timeout("no answer to \(method) from \(rpcURL) within \(requestTimeout)")
        } catch let error as NIOTooManyBytesError {
            throw .invalidResponse("the answer to \(method) is over \(Self.maximumResponseBytes) bytes: \(error)")
        } catch {
            throw .unavailable("cannot reach the NEAR RPC \(rpcURL) for \(method): \(error)")
        }
        logger.trace("NEAR RPC answer", metadata: ["method": "\(method)", "status": "\(status)", "bytes": "\(bytes.count)"])
        return try NEARRPCResponse.result(httpStatus: status, body: bytes)
    }

    private static func isTimeout(_ error: HTTPClientError) -> Bool {
        error == .deadlineExceeded || error == .readTimeout || error == .writeTimeout
    }
}
