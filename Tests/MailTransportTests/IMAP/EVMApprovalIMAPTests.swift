import AccountEngine
import ByteEncoding
import ChainSigner
import ChainTransactions
import ChainmailMetrics
import ChainmailTestSupport
import DKIMVerifier
import Foundation
import Logging
import MailIngest
import MailTransport
import Testing

/// Issue 15 end to end over IMAP: the approval mails of scripts/make-evm-fixtures.py (dkimpy,
/// `from` derived in Python) arrive in Dovecot; the poller hands them to the pipeline; the engine
/// signs with the folder's fixed root; the broadcaster sends to a real EVM (eth-tester on py-evm)
/// and follows the receipts; the SMTP replier answers each mail, and the executed ones a second
/// time once the chain has confirmed their transaction.
@Suite("IMAP: EVM approvals by mail, sent to a real chain and answered twice", .timeLimit(.minutes(6)))
struct EVMApprovalIMAPTests {
    static let generator = PackagePaths.root.appendingPathComponent("scripts/make-evm-fixtures.py").path
    static let serviceAddress = "wallet@chainmail.test"

    @Test("native and ERC-20 transfers by mail over IMAP: executed, sent, confirmed; each sender told the chain transaction, then its confirmation")
    func approvalsOverIMAP() async throws {
        let addresses = PeerProcess.keyValues(try await PeerProcess.check(["python3", Self.generator, "--print-addresses"]))
        let from = try #require(addresses["from"])
        let bob = try #require(addresses["bob"])
        let sink = try await SMTPSinkPeer.start()
        let directory = try PeerProcess.temporaryDirectory("chainmail-evm-imap")
        defer {
            sink.cleanUp()
            try? FileManager.default.removeItem(at: directory)
        }
        try await EVMChainPeer.withPeer(funding: [from: nil], tokens: [.init(symbol: "TST", decimals: 6, supply: "1000000000", holder: from)]) {
            peer in
            let token = try #require(peer.tokens["TST"])
            let mails = directory.appendingPathComponent("mails")
            _ = try await PeerProcess.check(["python3", Self.generator, mails.path, "--rpc-url", peer.url, "--token", token])
            try await run(mails: mails, peer: peer, token: token, bob: bob, sink: sink, directory: directory)
        }
    }

    private func run(mails: URL, peer: EVMChainPeer, token: String, bob: String, sink: SMTPSinkPeer, directory: URL) async throws {
        let now = Date(
            timeIntervalSince1970: TimeInterval(
                Int(
                    try String(contentsOf: mails.appendingPathComponent("now"), encoding: .utf8)
                        .trimmingCharacters(in: .whitespacesAndNewlines)
                )!
            )
        )
        let root = try String(contentsOf: mails.appendingPathComponent("signer-root.hex"), encoding: .utf8).trimmingCharacters(
            in: .whitespacesAndNewlines
        )
        let chains = ChainRegistry(
            evm: [
                EVMChain(
                    chainId: 31337,
                    name: "Local",
                    symbol: "ETH",
                    decimals: 18,
                    rpcURL: peer.url,
                    explorerURL: "https://explorer.example/tx/{hash}"
                )
            ],
            tokens: [TokenInfo(chainId: 31337, address: try EVMAddress(token), symbol: "TST", name: "Test Token", decimals: 6)]
        )
        let store = try SQLiteAccountStore(path: directory.appendingPathComponent("chainmail.sqlite").path)
        let engine = AccountEngine(
            store: store,
            signer: try LocalSigner(rootSecret: try #require([UInt8](hex: root)), predecessor: "chainmail.testnet"),
            chains: chains,
            now: { now }
        )
        let alice = try AuthIdentity(.oidc(issuer: "https://accounts.google.com", clientId: "chainmail-demo", email: "alice@example.com"))
        _ = try await engine.createAccount(id: "alice", identities: [alice])
        let ledger = try SQLiteMailLedger(sharing: store)
        let metrics = ChainmailMetrics()
        let replier = SMTPReplier(
            sender: try SMTPSender(
                configuration: sink.configuration()
            ),
            outbox: ledger,
            configuration: SMTPReplierConfiguration(pollInterval: .milliseconds(500)),
            metrics: metrics
        )
        let pipeline = MailPipeline(
            engine: engine,
            keyResolver: try StaticKeyResolver(fakeDNSFile: mails.appendingPathComponent("dns.txt").path),
            ledger: ledger,
            serviceAddress: Self.serviceAddress,
            metrics: metrics,
            now: { now },
            replyQueued: { replier.wake() }
        )
        let broadcaster = Broadcaster(
            store: store,
            chains: chains,
            httpClient: .shared,
            observers: [try #require(pipeline.broadcastObserver)],
            logger: Logger(label: "test.broadcast")
        )
        let names = try FileManager.default.contentsOfDirectory(atPath: mails.path).filter { $0.hasSuffix(".eml") }.sorted()
        let raws = try names.map { [UInt8](try Data(contentsOf: mails.appendingPathComponent($0))) }
        let executed = raws.enumerated().filter { names[$0.offset].contains("-executed-") }.map(\.element)
        let messageIDs = executed.map { DNSOutageTests.header("Message-ID", in: $0) ?? "" }

        try await withDovecot { dovecot in
            let poller = try IMAPPoller(configuration: dovecot.pollerConfiguration, handler: pipeline, checkpoints: ledger, metrics: metrics)
            let tasks = [Task { await poller.run() }, Task { await replier.run() }, Task { await broadcaster.run() }]
            defer { for task in tasks { task.cancel() } }
            try await dovecot.append(raws)

            // Every mail answered; each executed one twice: executed, then confirmed.
            let answered = await eventually(timeout: .seconds(180), every: .seconds(1)) {
                DNSOutageTests.replies(sink).count >= raws.count + executed.count
            }
            #expect(answered, "\(DNSOutageTests.replies(sink).map(\.status))")
            for task in tasks { task.cancel() }
            for task in tasks { await task.value }
        }

        let received = sink.received()
        for messageID in messageIDs {
            let answers = received.filter { DNSOutageTests.header("In-Reply-To", in: $0.data) == messageID }
                .map { String(decoding: $0.data, as: UTF8.self) }
            let statuses = answers.map { text in
                text.components(separatedBy: "\r\n").first { $0.hasPrefix("status: ") }.map { String($0.dropFirst(8)) } ?? ""
            }
            #expect(statuses == ["executed", "confirmed"], "\(messageID): \(statuses)")
            let hash = answers.first.flatMap { $0.firstMatch(of: /is (0x[0-9a-f]{64})\./).map { String($0.1) } }
            #expect(hash != nil, "the first reply names the chain transaction")
            if let hash, answers.count == 2 {
                #expect(answers[1].contains("Chain transaction: \(hash)"))
                #expect(answers[1].contains("See it at: https://explorer.example/tx/\(hash)"))
            }
        }
        #expect(try await peer.balance(bob) == "1500000000000000000")
        #expect(try await peer.tokenBalance(token, of: bob) == "250500000")
        #expect(try await engine.account(id: "alice").nonce == 3)
    }
}
