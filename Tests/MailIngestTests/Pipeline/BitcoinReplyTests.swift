import ChainmailTestSupport
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
        let fixture = try await PipelineFixture(folder: Self.folder)
        defer { fixture.removeFiles() }
        let pipeline = fixture.pipeline
        for name in ["01-executed-one-input-change.eml", "05-rejected-outputs-above-inputs.eml"] {
            _ = try await pipeline.process(try PipelineFixture.mail(name, in: Self.folder), source: .file(name))
        }
        let replies = try await fixture.ledger.pending(limit: 10).map { String(decoding: $0.data, as: UTF8.self) }
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
