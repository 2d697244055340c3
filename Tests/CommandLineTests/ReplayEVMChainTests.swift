import ChainmailTestSupport
import Foundation
import Testing

/// Issue 15 end to end through `chainmail replay`: EVMTransaction approvals by email
/// (scripts/make-evm-fixtures.py: dkimpy-signed mails, `from` derived in Python) replayed against a
/// real EVM (eth-tester on py-evm) with the paying address funded and an ERC-20 deployed: the
/// native and the token transfer are executed, sent, and confirmed; the balances move by exactly
/// the approved amounts; every signed transaction decodes with eth-account to the approved fields
/// and recovers to `from`.
@Suite("replay: EVM approvals by email, sent to a real chain", .timeLimit(.minutes(5)))
struct ReplayEVMChainTests {
    static let generator = PackagePaths.root.appendingPathComponent("scripts/make-evm-fixtures.py").path
    static let supply = "1000000000000"

    @Test("a native and an ERC-20 transfer approved by mail are executed, sent and confirmed; balances move by the approved amounts")
    func replayToChain() async throws {
        let addresses = PeerProcess.keyValues(try await PeerProcess.check(["python3", Self.generator, "--print-addresses"]))
        let from = try #require(addresses["from"])
        let bob = try #require(addresses["bob"])
        let folder = try WorkFolder("chainmail-replay-evm")
        try await EVMChainPeer.withPeer(
            funding: [from: nil],
            tokens: [.init(symbol: "TST", decimals: 6, supply: Self.supply, holder: from)]
        ) { peer in
            let token = try #require(peer.tokens["TST"])
            let mails = folder.path("mails")
            _ = try await PeerProcess.check(["python3", Self.generator, mails, "--rpc-url", peer.url, "--token", token])
            let run = try await ChainmailExecutable.run(["replay", "--json", mails])
            #expect(run.status == 0, "\(run.stderr)")
            let lines = run.stdout.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: mails + "/expected.json"))) as? [String: Any]
            var checks: [String] = []
            for line in lines where line["file"] != nil {
                let name = URL(fileURLWithPath: line["file"] as? String ?? "").lastPathComponent
                let want = try #require(expected?[name] as? [String: Any])
                #expect(line["status"] as? String == want["status"] as? String, "\(name): \(line)")
                #expect(line["reason"] as? String == want["reason"] as? String, "\(name): \(line)")
                guard line["status"] as? String == "executed" else { continue }
                let broadcasts = line["broadcasts"] as? [[String: Any]] ?? []
                #expect(broadcasts.map { $0["status"] as? String } == ["confirmed"], "\(name): \(broadcasts)")
                let results = line["results"] as? [[String: Any]] ?? []
                #expect(broadcasts.map { $0["transactionHash"] as? String } == results.map { $0["transactionHash"] as? String })
                for result in results {
                    let args = try Self.approvedArgs(mail: mails + "/" + name)
                    let check: [String: Any] = ["signedTransaction": result["signedTransaction"] ?? "", "args": args]
                    checks.append(String(decoding: try JSONSerialization.data(withJSONObject: check), as: UTF8.self))
                }
            }
            #expect(lines.filter { $0["status"] as? String == "executed" }.count == 3)

            // Balances: exactly the approved amounts.
            #expect(try await peer.balance(bob) == "1500000000000000000")
            #expect(try await peer.tokenBalance(token, of: bob) == "250500000")
            #expect(try await peer.tokenBalance(token, of: from) == String(UInt64(Self.supply)! - 250_500_000))

            // eth-account decodes each signed transaction to the approved fields and recovers `from`.
            let verdicts = try await ProcessRunner.run(
                "/usr/bin/env",
                ["python3", PeerProcess.script("decode_evm_transaction.py")],
                stdin: Array((checks.joined(separator: "\n") + "\n").utf8)
            )
            let verdictLines = String(decoding: verdicts.stdout, as: UTF8.self).split(separator: "\n")
            #expect(verdictLines.count == checks.count)
            #expect(verdictLines.allSatisfy { $0.hasPrefix("ok ") }, "\(verdictLines)")
        }
    }

    /// The EVMTransaction args of the block of a fixture mail, as its generator wrote them.
    static func approvedArgs(mail path: String) throws -> [String: Any] {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let blocks = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("transactions.json"))) as? [String: Any]
        let transaction = blocks?[name] as? [String: Any]
        let action = (transaction?["actions"] as? [[String: Any]])?.first
        return action?["args"] as? [String: Any] ?? [:]
    }
}
