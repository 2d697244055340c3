import AccountEngine
import ChainmailTestSupport
import Foundation
import HTTPAPI
import Testing

/// PROTOCOL.md 8.2 and 8.3 over HTTP: a BitcoinTransaction prepared with POST /v1/transactions is
/// answered with its summary (every output, the change, the fee), and the approval email opens with
/// it; a bad PSBT is 400 `psbt_invalid`, a `from` on another network 422 `from_mismatch`.
@Suite("HTTP: Bitcoin transactions prepared and summarised")
struct BitcoinTransactionRoutesTests {
    @Test("POST /v1/transactions answers every output and the fee of a PSBT, the email opens with them; refusals have their codes")
    func summaryAndRefusals() async throws {
        try await withLiveServer { server in
            let client = APIClient(server)
            let alice = try Identities.oidc("alice@example.com")
            #expect(try await client.post("/v1/accounts", json: #"{"accountId":"alice","authIdentity":\#(alice.json.compactText)}"#).status == 201)
            let derived = try await server.engine.derive(identity: alice, path: "bitcoin,1", bitcoinHumanReadablePart: "bcrt")
            let made = try await BitcoinPSBTPeer.make(
                [([80_000, 20_000], [.init("p2wsh", 60_000), .init("change", 39_000)], nil, nil)],
                publicKey: derived.publicKey.compressed.hexString
            )
            let psbt = try #require(made.first)
            let transaction = TransactionText.make("alice", nonce: 0, [TransactionText.bitcoinTransaction(from: derived.btcAddress, psbt: psbt.psbt)])
            let prepared = try await client.post("/v1/transactions", json: #"{"transaction":\#(transaction)}"#)
            #expect(prepared.status == 201, "\(prepared.text)")
            let answer = try #require(prepared.json)
            let summary = try #require(answer["summary"]?.arrayValue?.compactMap { $0.stringValue })
            let p2wsh = try #require(psbt.outputs.first?.address)
            #expect(summary.contains("Output 1: 0.0006 BTC to \(p2wsh) (P2WSH)"), "\(summary)")
            #expect(summary.contains { $0.hasPrefix("Output 2: 0.00039 BTC to \(derived.btcAddress) (P2WPKH, change") }, "\(summary)")
            #expect(summary.contains { $0.hasPrefix("Network fee: 0.00001 BTC (") }, "\(summary)")
            let body = try #require(answer["email"]?["body"]?.string)
            #expect(body.hasPrefix(summary.joined(separator: "\n") + "\n"), "\(body)")

            let testnet = try await server.engine.derive(identity: alice, path: "bitcoin,1", bitcoinHumanReadablePart: "tb").btcAddress
            let refusals: [(String, Int, String)] = [
                (TransactionText.bitcoinTransaction(from: derived.btcAddress, psbt: "cHNidP8BAAA="), 400, "psbt_invalid"),
                (TransactionText.bitcoinTransaction(from: testnet, psbt: psbt.psbt), 422, "from_mismatch"),
            ]
            for (action, status, code) in refusals {
                let response = try await client.post(
                    "/v1/transactions",
                    json: #"{"transaction":\#(TransactionText.make("alice", nonce: 0, [action]))}"#
                )
                #expect(response.status == status, "\(response.text)")
                #expect(response.json?["error"]?["code"]?.string == code, "\(response.text)")
            }
        }
    }
}
