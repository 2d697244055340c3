import AccountEngine
import ChainmailTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Several `chainmail serve` processes on one PostgreSQL database, over their HTTP APIs: one
/// nonce executes once whichever instances its executions reach, what one executes the others see
/// at once, and a database restart under load costs refusals (503 `store_unavailable`), never a
/// half-applied execution.
@Suite("chainmail serve: instances sharing one PostgreSQL store over HTTP", .serialized, .timeLimit(.minutes(5)))
struct ServeSharedStoreTests {
    @Test("of 50 concurrent executions of one nonce spread over three instances exactly one succeeds, and the others see it at once")
    func oneNonceOnceOverThreeInstances() async throws {
        let database = try await PostgresPeer.shared().makeDatabase()
        let folder = try WorkFolder("chainmail-serve-shared")
        let instances = try await Self.startInstances(3, folder, store: ServePostgresStoreTests.postgresStore(database))
        defer { for instance in instances { instance.process.stop() } }

        let wallet = try await PeerWallet.make()
        let identity = try wallet.identity.json.compactText
        #expect(try await instances[0].api.send("POST", "/v1/accounts", #"{"accountId":"alice","authIdentity":\#(identity)}"#).status == 201)
        let transactions = (0..<50).map { index in
            TransactionText.make("alice", nonce: 0, [TransactionText.callChainSig(payload: String(format: "%064x", index + 1))])
        }
        let bodies = try await wallet.executeArgsJSON(transactions).map(\.compactText)
        let answers = try await withThrowingTaskGroup(of: (status: Int, code: String?, txHash: String?).self) { group in
            for (index, body) in bodies.enumerated() {
                group.addTask {
                    let answer = try await instances[index % instances.count].api.send("POST", "/v1/execute", body)
                    return (answer.status, Self.errorCode(answer.body), answer.body["txHash"] as? String)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let executed = answers.filter { $0.status == 200 }
        let refusals = answers.filter { $0.status != 200 }
        #expect(executed.count == 1, "\(answers.map(\.status))")
        #expect(refusals.allSatisfy { $0.status == 409 && $0.code == "nonce_mismatch" }, "\(refusals)")

        // Visible on every instance at once: no wait, no retry.
        let txHash = try #require(executed.first?.txHash, "\(executed)")
        for instance in instances {
            let read = try await instance.api.send("GET", "/v1/transactions/\(txHash)")
            #expect(read.status == 200 && read.body["status"] as? String == "executed", "\(read)")
            #expect(try await instance.api.send("GET", "/v1/accounts/alice").body["nonce"] as? Int == 1)
        }
    }

    @Test(
        "PostgreSQL restarted under load: executions during the outage get 503 store_unavailable, none is half-applied, and serve resumes by itself"
    )
    func databaseRestartUnderLoad() async throws {
        let postgres = try await PostgresPeer.start()
        defer { Task { await postgres.cleanUp() } }
        let database = try await postgres.makeDatabase()
        let folder = try WorkFolder("chainmail-serve-shared")
        // No abuse limits: one client makes every request here.
        let instances = try await Self.startInstances(
            2,
            folder,
            store: ServePostgresStoreTests.postgresStore(database),
            http: ["rateLimit: {requestsPerMinute: 0, burst: 1}", "limits: {preparedTransactionsPerClientPerHour: 0, accountsPerClientPerHour: 0}"]
        )
        defer { for instance in instances { instance.process.stop() } }

        // 120 accounts of one wallet, each executing its nonce 0 once.
        let count = 120
        let wallet = try await PeerWallet.make()
        let identity = try wallet.identity.json.compactText
        for index in 0..<count {
            let created = try await instances[index % 2].api.send("POST", "/v1/accounts", #"{"accountId":"a\#(index)","authIdentity":\#(identity)}"#)
            try #require(created.status == 201, "\(created)")
        }
        let bodies = try await wallet.executeArgsJSON((0..<count).map { TransactionText.make("a\($0)", nonce: 0, [TransactionText.callChainSig()]) })
            .map(\.compactText)

        // Four clients send one after another; the database stops after the first 20 answers and
        // starts again 12 s later (a store call gives up after 10 s, the default operationTimeout).
        let answers = Answers()
        let outage = Task {
            while await answers.count < 20 { try await Task.sleep(for: .milliseconds(10)) }
            await postgres.stop()
            try await Task.sleep(for: .seconds(12))
            try await postgres.restart()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<4 {
                group.addTask {
                    for index in stride(from: client, to: count, by: 4) {
                        let answer = try await instances[index % 2].api.send("POST", "/v1/execute", bodies[index])
                        await answers.add(index, answer.status, Self.errorCode(answer.body))
                        try await Task.sleep(for: .milliseconds(30))
                    }
                }
            }
            try await group.waitForAll()
        }
        try await outage.value

        let all = await answers.all
        let refused = all.filter { $0.value.status != 200 }
        #expect(!refused.isEmpty, "the outage refused nothing; it was not tested")
        #expect(refused.values.allSatisfy { $0.status == 503 && $0.code == "store_unavailable" }, "\(refused)")
        // Sent again, each refused one executes now, unless its commit went through and only the
        // answer was lost with the connection: then it is executed whole (its nonce moved once).
        var committedBeforeTheLoss = 0
        for index in refused.keys.sorted() {
            let again = try await instances[0].api.send("POST", "/v1/execute", bodies[index])
            if again.status == 409, Self.errorCode(again.body) == "nonce_mismatch" {
                committedBeforeTheLoss += 1
                let rows = try await postgres.psql(
                    "SELECT count(*) FROM transactions WHERE account_id = 'a\(index)' AND status = 'executed'",
                    database: database.name
                )
                #expect(rows.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "a\(index)")
            } else {
                #expect(again.status == 200, "a\(index): \(again)")
            }
        }
        let executed = try await postgres.psql("SELECT count(*) FROM transactions WHERE status = 'executed'", database: database.name)
        let nonces = try await postgres.psql("SELECT count(*) FROM account_nonces WHERE next_nonce = 1", database: database.name)
        #expect(executed.trimmingCharacters(in: .whitespacesAndNewlines) == "\(count)")
        #expect(nonces.trimmingCharacters(in: .whitespacesAndNewlines) == "\(count)")
        print(
            "postgres restart: \(refused.count) of \(count) executions refused with 503 during the outage; sent again, "
                + "\(refused.count - committedBeforeTheLoss) executed and \(committedBeforeTheLoss) had committed before the connection was lost"
        )
    }

    @Test(
        "near-mpc instances on one store: one started with another's access key refuses to start with signer_access_key_in_use; with its own it serves"
    )
    func accessKeyPerInstance() async throws {
        let database = try await PostgresPeer.shared().makeDatabase()
        let folder = try WorkFolder("chainmail-serve-shared")
        let firstKey = try folder.write("near-key-first.json", SignerNEARConfigurationTests.keyFile(account: "chainmail.testnet"))
        // A second PyNaCl key pair (seed 21…40) of the same predecessor.
        let ownKey = try folder.write(
            "near-key-own.json",
            #"{"account_id":"chainmail.testnet","public_key":"ed25519:GcQfK48DV9BzDuDeCyV2sShbAAY4vqmK8JSj1NBrwoVZ","private_key":"ed25519:fRTLbAQ2w1bisJQNUfEavKowvnYSoFxUawyXbBtw7cUQyoA6ghMhDVotf49MuGeWLgHYtMdxSVRpY6vAGfdEMNP"}"#
        )
        // The RPC is not reached: the signer starts on its first signature, the claim comes first.
        func nearMPC(_ keyFile: String) -> String {
            """
            predecessor: chainmail.testnet
            signer:
              kind: near-mpc
              rootPublicKey: \(SignerNEARConfigurationTests.rootKey)
            near:
              rpcURL: http://127.0.0.1:9
              keyFile: \(keyFile)
            """
        }
        let store = ServePostgresStoreTests.postgresStore(database)
        let first = try await ServePostgresStoreTests.Instance.start(folder, "first", store: store, extra: nearMPC(firstKey))
        defer { first.process.stop() }

        let config = try ServePostgresStoreTests.Instance.writeConfig(folder, "second", store: store, extra: nearMPC(firstKey))
        let refused = try await ChainmailExecutable.run(["serve", "--config", config])
        #expect(refused.status == 78, "\(refused.stderr)")
        #expect(
            refused.stderr.contains(
                "signer_access_key_in_use: the near-mpc access key \(SignerNEARConfigurationTests.publicKey) of chainmail.testnet is in use by another instance"
            ),
            "\(refused.stderr)"
        )

        let own = try await ServePostgresStoreTests.Instance.start(folder, "own", store: store, extra: nearMPC(ownKey))
        defer { own.process.stop() }
        #expect(try await own.api.send("GET", "/healthz").status == 200)
    }

    static func startInstances(
        _ count: Int,
        _ folder: borrowing WorkFolder,
        store: String,
        http: [String] = []
    ) async throws -> [ServePostgresStoreTests.Instance] {
        try await ChainmailExecutable.check(["init", "--data-dir", folder.path("keys")])
        var instances: [ServePostgresStoreTests.Instance] = []
        for index in 0..<count {
            instances.append(
                try await ServePostgresStoreTests.Instance.start(
                    folder,
                    "i\(index)",
                    store: store,
                    rootKeyFile: folder.path("keys/signer/root.key"),
                    http: http
                )
            )
        }
        return instances
    }

    static func errorCode(_ body: [String: Any]) -> String? {
        (body["error"] as? [String: Any])?["code"] as? String
    }

    /// The answers of the executions, by their index.
    actor Answers {
        private(set) var all: [Int: (status: Int, code: String?)] = [:]
        var count: Int { all.count }

        func add(_ index: Int, _ status: Int, _ code: String?) {
            all[index] = (status, code)
        }
    }
}
