import ChainmailTestSupport
import Foundation
import Testing

/// Issue 17 by email through `chainmail replay`: testdata/bitcoin (scripts/make-bitcoin-fixtures.py:
/// dkimpy-signed mails whose PSBTs python-bitcointx made, `from` derived in Python). The two
/// approvals are executed; each finished transaction passes python-bitcointx's script verification
/// and equals, byte for byte, what that library signs with the derived key (RFC 6979); the refusals
/// get their codes.
@Suite("replay: Bitcoin PSBT approvals by email")
struct ReplayBitcoinTests {
    static let folder = PackagePaths.root.appendingPathComponent("testdata/bitcoin")

    @Test("the PSBT approvals are executed with signatures python-bitcointx verifies; each refusal has its code")
    func replay() async throws {
        let run = try await ChainmailExecutable.run(["replay", "--json", Self.folder.path])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let expected = try Self.json("expected.json")
        let psbts = try Self.json("psbts.json")
        var executed: [(psbt: String, signedTransaction: String, txid: String)] = []
        for line in lines where line["file"] != nil {
            let name = URL(fileURLWithPath: line["file"] as? String ?? "").lastPathComponent
            let want = try #require(expected[name] as? [String: Any])
            #expect(line["status"] as? String == want["status"] as? String, "\(name): \(line)")
            #expect(line["reason"] as? String == want["reason"] as? String, "\(name): \(line)")
            guard line["status"] as? String == "executed" else { continue }
            let result = try #require((line["results"] as? [[String: Any]])?.first)
            let made = try #require(psbts[name] as? [String: Any])
            let independent = try #require(made["expected"] as? [String: Any])
            let signed = try #require(result["signedTransaction"] as? String)
            let txid = try #require(result["txid"] as? String)
            #expect(signed == independent["signedTransaction"] as? String, "\(name): python-bitcointx signs the same bytes")
            #expect(txid == independent["txid"] as? String, "\(name)")
            executed.append((try #require(made["psbt"] as? String), signed, txid))
        }
        #expect(executed.count == 2)
        #expect(lines.filter { $0["file"] != nil }.count == expected.count)
        let verdicts = try await BitcoinPSBTPeer.verify(executed)
        #expect(verdicts.count == executed.count)
        for verdict in verdicts {
            #expect(verdict.ok, "\(verdict.error ?? "")")
        }
    }

    @Test("chainmail summary tells every output of the example PSBT with its amount, the change and the fee")
    func summary() async throws {
        let run = try await ChainmailExecutable.run(["summary", Self.folder.appendingPathComponent("summary-example.json").path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Output 1: "), "\(run.stdout)")
        #expect(run.stdout.contains("change back to the paying address"), "\(run.stdout)")
        #expect(run.stdout.contains("Network fee: "), "\(run.stdout)")
    }

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent(name))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}
