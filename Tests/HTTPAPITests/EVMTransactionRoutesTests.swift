import AccountEngine
import ByteEncoding
import ChainTransactions
import ChainmailTestSupport
import Foundation
import HTTPAPI
import Testing

/// PROTOCOL.md section 7's version 1.1 additions for EVMTransaction: `summary` in POST and GET
/// /v1/transactions, the approval email opening with it, nonce and fees filled in from a chain
/// with a node (a real EVM: eth-tester on py-evm), and the refusals with their codes.
@Suite("HTTP: EVM transactions prepared, summarised and filled in")
struct EVMTransactionRoutesTests {
    static let to = "0x000000000000000000000000000000000000dEaD"

    private func account(_ client: APIClient, _ server: LiveServer) async throws -> (AuthIdentity, String) {
        let alice = try Identities.oidc("alice@example.com")
        #expect(try await client.post("/v1/accounts", json: #"{"accountId":"alice","authIdentity":\#(alice.json.compactText)}"#).status == 201)
        let from = try await server.engine.derive(identity: alice, path: "ethereum,1").evmAddress
        return (alice, from)
    }

    @Test("POST /v1/transactions answers the summary, the approval email opens with it, and GET tells it too")
    func summary() async throws {
        try await withLiveServer { server in
            let client = APIClient(server)
            let (_, from) = try await account(client, server)
            let transaction = TransactionText.make(
                "alice",
                nonce: 0,
                [TransactionText.evmTransaction(from: from, to: Self.to, value: "1500000000000000000")]
            )
            let prepared = try await client.post("/v1/transactions", json: #"{"transaction":\#(transaction)}"#)
            #expect(prepared.status == 201, "\(prepared.text)")
            let answer = try #require(prepared.json)
            let summary = try #require(answer["summary"]?.arrayValue?.compactMap { $0.stringValue })
            #expect(summary.contains { $0.contains("1.5 ETH") && $0.contains("0x000000000000000000000000000000000000dEaD") }, "\(summary)")
            #expect(summary.contains { $0.contains("Ethereum") && $0.contains("chain 1") }, "\(summary)")
            let body = try #require(answer["email"]?["body"]?.string)
            #expect(body.hasPrefix(summary.joined(separator: "\n") + "\n"), "\(body)")
            let txHash = try #require(answer["txHash"]?.string)
            let status = try #require(try await client.get("/v1/transactions/\(txHash)").json)
            #expect(status["status"]?.string == "prepared")
            #expect(status["summary"]?.arrayValue?.compactMap { $0.stringValue } == summary)
        }
    }

    @Test("nonce, gas limit and fees left out are filled in from the chain's node before hashing")
    func fillsIn() async throws {
        try await EVMChainPeer.withPeer { peer in
            let chain = EVMChain(chainId: 31337, name: "Local", symbol: "ETH", decimals: 18, rpcURL: peer.url, explorerURL: nil)
            try await withLiveServer(chains: ChainRegistry(evm: [chain], tokens: [])) { server in
                let client = APIClient(server)
                let (_, from) = try await account(client, server)
                // The derived address has no ether yet: the peer's funded account sends it some.
                let funding = try await peer.sign(EVMChainPeer.alice, nonce: 0, to: from, value: "1000000000000000000")
                _ = try await peer.result("eth_sendRawTransaction", ["0x" + funding.bytes.hexString])
                let transaction =
                    #"{"accountId":"alice","nonce":0,"actions":[{"type":"EVMTransaction","args":{"chainId":31337,"from":"\#(from)","path":"ethereum,1","to":"\#(Self.to)","value":"0","data":"0x"}}]}"#
                let prepared = try await client.post("/v1/transactions", json: #"{"transaction":\#(transaction)}"#)
                #expect(prepared.status == 201, "\(prepared.text)")
                let body = try #require(prepared.json?["email"]?["body"]?.string)
                let block = try #require(
                    body.components(separatedBy: "-----BEGIN CHAINMAIL TRANSACTION-----\n").last?.components(separatedBy: "\n-----END").first
                )
                let args = try #require(try StrictJSONParser().parse(block)["actions"]?.arrayValue?.first?["args"])
                #expect(args["nonce"]?.compactText == "0")
                #expect(args["gasLimit"]?.compactText == "21000")
                let priority = try #require(args["maxPriorityFeePerGas"]?.stringValue)
                let maxFee = try #require(args["maxFeePerGas"]?.stringValue)
                #expect(try UInt256(decimal: maxFee) >= UInt256(decimal: priority))
                let txHash = try #require(prepared.json?["txHash"]?.string)
                #expect(try StrictJSONParser().parse(block).canonicalSHA256.hexString == txHash, "the txHash covers the filled-in transaction")
            }
        }
    }

    @Test("refusals with their codes: no node to fill in from, unknown chain, from not derived, bad checksum")
    func refusals() async throws {
        try await withLiveServer { server in
            let client = APIClient(server)
            let (alice, from) = try await account(client, server)
            let missingFees =
                #"{"accountId":"alice","nonce":0,"actions":[{"type":"EVMTransaction","args":{"chainId":1,"from":"\#(from)","path":"ethereum,1","to":"\#(Self.to)","value":"1","data":"0x"}}]}"#
            let cases: [(String, Int, String)] = [
                (missingFees, 422, "evm_rpc_not_configured"),
                (TransactionText.make("alice", nonce: 0, [TransactionText.evmTransaction(from: from, chainId: 999)]), 422, "chain_unknown"),
                (
                    TransactionText.make(
                        "alice",
                        nonce: 0,
                        authTarget: alice,
                        [TransactionText.evmTransaction(from: "0x000000000000000000000000000000000000bEEF")]
                    ), 422, "from_mismatch"
                ),
                (
                    TransactionText.make(
                        "alice",
                        nonce: 0,
                        [TransactionText.evmTransaction(from: from, to: "0x000000000000000000000000000000000000DEAd")]
                    ), 400, "address_checksum_invalid"
                ),
            ]
            for (transaction, status, code) in cases {
                let answer = try await client.post("/v1/transactions", json: #"{"transaction":\#(transaction)}"#)
                #expect(answer.status == status, "\(code): \(answer.text)")
                #expect(answer.json?["error"]?["code"]?.string == code, "\(answer.text)")
            }
        }
    }
}
