import AccountEngine
import ByteEncoding
import ChainSigner
import ChainTransactions
import ChainmailTestSupport
import DKIMVerifier
import Foundation
import MailIngest
import Testing

/// PROTOCOL.md section 8.4: a mail whose EVM transaction chainmail sends is answered twice: at
/// execution (naming the chain transaction, saying it is being sent), then once the broadcast ends
/// (confirmed with its link, reverted, or refused by the node with its message), threaded on the
/// mail. testdata/evm's native transfer, on its chain given a node.
@Suite("replies: the second reply tells how the chain took a sent transaction")
struct BroadcastReplyTests {
    static let folder = PipelineFixture.testdata.appendingPathComponent("evm")

    /// The pipeline over testdata/evm with chain 31337 given a node (none runs: the test plays
    /// the broadcaster's part), after the native transfer's mail was executed.
    private func executed() async throws -> (SQLiteMailLedger, MailPipeline, ExecuteResultJSON, URL) {
        let directory = try PeerProcess.temporaryDirectory("chainmail-broadcast-reply")
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let root = try String(contentsOf: Self.folder.appendingPathComponent("signer-root.hex"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let chain = EVMChain(
            chainId: 31337,
            name: "Local",
            symbol: "ETH",
            decimals: 18,
            rpcURL: "http://127.0.0.1:9",
            explorerURL: "https://explorer.example/tx/{hash}"
        )
        let store = try SQLiteAccountStore(path: directory.appendingPathComponent("chainmail.sqlite").path)
        let engine = AccountEngine(
            store: store,
            signer: try LocalSigner(rootSecret: try #require([UInt8](hex: root)), predecessor: "chainmail.testnet"),
            chains: ChainRegistry(evm: [chain], tokens: []),
            now: { now }
        )
        let alice = try AuthIdentity(.oidc(issuer: "https://accounts.google.com", clientId: "chainmail-demo", email: "alice@example.com"))
        _ = try await engine.createAccount(id: "alice", identities: [alice])
        let ledger = try SQLiteMailLedger(sharing: store)
        let pipeline = MailPipeline(
            engine: engine,
            keyResolver: try StaticKeyResolver(fakeDNSFile: Self.folder.appendingPathComponent("dns.txt").path),
            ledger: ledger,
            serviceAddress: "wallet@chainmail.test",
            now: { now }
        )
        let outcome = try await pipeline.process(
            try PipelineFixture.mail("01-executed-native-transfer.eml", in: Self.folder),
            source: .file("01-executed-native-transfer.eml")
        )
        #expect(outcome.status == .executed)
        let result = try #require(outcome.result)
        return (ledger, pipeline, ExecuteResultJSON(result), directory)
    }

    struct ExecuteResultJSON {
        let txHash: String
        let transactionHash: String
        init(_ result: JSONValue) {
            txHash = result["txHash"]?.stringValue ?? ""
            transactionHash = result["results"]?.arrayValue?.first?["transactionHash"]?.stringValue ?? ""
        }

        /// The end of this result's one broadcast, as the broadcaster reports it.
        func broadcast(_ status: BroadcastStatus, blockNumber: UInt64?, error: String? = nil) -> Broadcast {
            Broadcast(
                txHash: txHash,
                actionIndex: 0,
                chainId: 31337,
                signedTransaction: [],
                transactionHash: transactionHash,
                status: status,
                blockNumber: blockNumber,
                error: error,
                recordedAt: Date()
            )
        }
    }

    private func replies(_ ledger: SQLiteMailLedger) async throws -> [String] {
        try await ledger.pending(limit: 10).map { String(decoding: $0.data, as: UTF8.self) }
    }

    @Test("executed: the first reply names the chain transaction and says it is being sent; confirmed: the second links it")
    func confirmed() async throws {
        let (ledger, pipeline, result, directory) = try await executed()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try #require(try await replies(ledger).first { $0.contains("status: executed") })
        #expect(first.contains("The signed transaction on Local (chain 31337) is \(result.transactionHash)."))
        #expect(first.contains("chainmail is sending it now; another reply follows"))
        let observer = try #require(pipeline.broadcastObserver)
        let broadcast = result.broadcast(.confirmed, blockNumber: 12)
        try await observer.broadcastEnded(broadcast)
        try await observer.broadcastEnded(broadcast)
        let all = try await replies(ledger)
        #expect(all.count == 2, "one second reply, however often the end is told")
        let second = try #require(all.first { !$0.contains("status: executed") })
        #expect(second.contains("Your transaction was sent to Local (chain 31337) and confirmed in block 12."))
        #expect(second.contains("See it at: https://explorer.example/tx/\(result.transactionHash)"))
        #expect(second.contains("\r\nIn-Reply-To: "))
        #expect(second.contains("Subject: Re: Approve \(result.txHash)"))
        #expect(second.contains("status: confirmed"))
    }

    @Test(
        "refused by the node or reverted: the second reply says so, with the node's words, and what to do",
        arguments: [
            (BroadcastStatus.failed, "did not accept it: insufficient funds for gas * price + value."),
            (BroadcastStatus.reverted, "but it reverted: the chain undid its effects"),
        ]
    )
    func refusedOrReverted(status: BroadcastStatus, words: String) async throws {
        let (ledger, pipeline, result, directory) = try await executed()
        defer { try? FileManager.default.removeItem(at: directory) }
        let broadcast = result.broadcast(
            status,
            blockNumber: status == .reverted ? 5 : nil,
            error: status == .failed ? "insufficient funds for gas * price + value" : "reverted"
        )
        try await pipeline.broadcastObserver?.broadcastEnded(broadcast)
        let second = try #require(try await replies(ledger).first { !$0.contains("status: executed") })
        #expect(second.contains(words), "\(second)")
        #expect(second.contains("What to do next: ask the application that prepared the transaction"))
        #expect(second.contains("status: \(status.rawValue)"))
    }
}
