import AccountEngine
import ByteEncoding
import ChainSigner
import ChainmailTestSupport
import DKIMVerifier
import Foundation
import MailIngest
import Testing

/// The replies to PSBT approvals by mail (testdata/bitcoin): the executed one repeats every output
/// and the fee in words, names the txid and says the application sends it (chainmail sends no
/// Bitcoin transaction, so no second reply follows); a refused one gives the PSBT's fault.
@Suite("replies: Bitcoin PSBT approvals")
struct BitcoinReplyTests {
    static let folder = PipelineFixture.testdata.appendingPathComponent("bitcoin")

    @Test("the reply to an executed PSBT tells every output, the fee and the txid; the reply to a refused one its reason")
    func replies() async throws {
        let directory = try PeerProcess.temporaryDirectory("chainmail-bitcoin-reply")
        defer { try? FileManager.default.removeItem(at: directory) }
        let seconds = try String(contentsOf: Self.folder.appendingPathComponent("now"), encoding: .utf8)
        let now = Date(timeIntervalSince1970: try #require(TimeInterval(seconds.trimmingCharacters(in: .whitespacesAndNewlines))))
        let root = try String(contentsOf: Self.folder.appendingPathComponent("signer-root.hex"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let store = try SQLiteAccountStore(path: directory.appendingPathComponent("chainmail.sqlite").path)
        let engine = AccountEngine(
            store: store,
            signer: try LocalSigner(rootSecret: try #require([UInt8](hex: root)), predecessor: "chainmail.testnet"),
            now: { now }
        )
        let accounts = try StrictJSONParser().parse([UInt8](try Data(contentsOf: Self.folder.appendingPathComponent("accounts.json"))))
        for account in accounts.array {
            let identities = try account["authIdentities"].map { try $0.array.map { try AuthIdentity(json: $0) } } ?? []
            _ = try await engine.createAccount(id: try #require(account["accountId"]?.string), identities: identities)
        }
        let ledger = try SQLiteMailLedger(sharing: store)
        let pipeline = MailPipeline(
            engine: engine,
            keyResolver: try StaticKeyResolver(fakeDNSFile: Self.folder.appendingPathComponent("dns.txt").path),
            ledger: ledger,
            serviceAddress: "wallet@chainmail.test",
            now: { now }
        )
        for name in ["01-executed-one-input-change.eml", "05-rejected-outputs-above-inputs.eml"] {
            _ = try await pipeline.process(try PipelineFixture.mail(name, in: Self.folder), source: .file(name))
        }
        let replies = try await ledger.pending(limit: 10).map { String(decoding: $0.data, as: UTF8.self) }
        #expect(replies.count == 2)
        let executed = try #require(replies.first { $0.contains("status: executed") })
        let txid = "a7949ca8720e3df5f4304ba411311849e57c312ed15df9ebb7635b24420202d5"
        #expect(executed.contains("Output 1: 0.0006 BTC to bcrt1q0x08ed40nd0a58tj0ua0tdgxk9cpe46fvrxlm9 (P2WPKH)"), "\(executed)")
        #expect(executed.contains("Output 2: 0.00039 BTC to bcrt1qzvzfk8vykq9mnypenyenhx23z67xf4h6drlrxj (P2WPKH, change"), "\(executed)")
        #expect(executed.contains("Network fee: 0.00001 BTC ("), "\(executed)")
        #expect(executed.contains("The signed Bitcoin regtest transaction is \(txid); every input is signed."), "\(executed)")
        #expect(executed.contains("chainmail does not send Bitcoin transactions"), "\(executed)")
        let refused = try #require(replies.first { $0.contains("psbt_invalid") })
        #expect(refused.contains("are above the inputs"), "\(refused)")
    }
}
