import AccountEngine
import ChainmailTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `chainmail serve` with `signer.kind: near-mpc` against the NEAR RPC and MPC stand-in
/// (scripts/peers/near_rpc.py): every signature is made by the stand-in's own secret and checked
/// by coincurve against the key the stand-in derives; mail replies go to an SMTP sink.
@Suite("chainmail serve through the near-mpc signer", .serialized)
struct ServeNEARMPCTests {
    @Test("a DKIM-signed mail and EVM, Solana and NEAR wallets each run CallChainSig through near-mpc; coincurve checks every signature")
    func everyWayInSignsThroughMPC() async throws {
        try await MPCStandIn.with(["block_time": 0.2]) { standIn in
            try await ServeNEARMPCRun.with(standIn) { run in
                // By mail (POST /v1/email runs the mailbox's pipeline): the reply waits for the signature.
                let mail = try run.approvalMail()
                let posted = try await run.post("/v1/email", body: mail.bytes, contentType: "message/rfc822")
                #expect([200, 202].contains(posted.status), "\(posted)")
                let mailResult = try await run.executedResult(txHash: mail.txHash)
                var signed: [(payload: String, result: [String: Any])] = [(mail.payload, mailResult)]

                let evm = try await PeerWallet.make()
                let ed25519 = try await PeerEd25519Wallet.make()
                let wallets: [(String, AuthIdentity, (String) async throws -> ApprovalProof)] = [
                    ("evm", try evm.identity, { try await evm.approval(txHash: $0) }),
                    ("solana", try ed25519.solanaIdentity, { try await ed25519.solanaApproval(txHash: $0) }),
                    ("near", try ed25519.nearIdentity, { try await ed25519.nearApproval(txHash: $0) }),
                ]
                for (name, identity, approve) in wallets {
                    try await run.createAccount(name, identity: identity)
                    let payload = TransactionText.randomPayload()
                    let transaction = TransactionText.make(name, nonce: 0, [TransactionText.callChainSig(payload: payload)])
                    let txHash = try StrictJSONParser().parse(transaction).canonicalSHA256.hexString
                    let answer = try await run.post("/v1/execute", json: ServeNEARMPCRun.executeArgs(transaction, try await approve(txHash)))
                    #expect(answer.status == 200, "\(name): \(answer)")
                    let results = answer.json["results"] as? [[String: Any]] ?? []
                    #expect(results.count == 1, "\(name): \(answer)")
                    signed += results.map { (payload, $0) }
                    let stored = try await run.get("/v1/transactions/\(txHash)")
                    #expect(stored.json["status"] as? String == "executed")
                }

                let checks = try await standIn.coincurveCheck(results: signed)
                #expect(MPCStandIn.allPassed(checks, count: 4), "\(checks)")
                #expect(try await standIn.signRequests().count == 4)
                #expect((try await standIn.keyStats()["duplicate_nonces"] as? [Any])?.isEmpty == true)
                // The mail is answered once, with the signature, after it was made.
                #expect(try await eventually(timeout: .seconds(30)) { run.replies(to: mail.messageID).count == 1 })
                let reply = run.replies(to: mail.messageID).first ?? ""
                #expect(reply.contains("Your transaction was executed."), "\(reply)")
                #expect(reply.contains(mailResult["address"] as? String ?? "-"))
            }
        }
    }

    @Test("a wrong signature from the MPC is refused (signer_invalid_response): the transaction ends failed, its nonce used, not asked again")
    func wrongSignatureEndsFailed() async throws {
        try await MPCStandIn.with(["block_time": 0.2]) { standIn in
            try await ServeNEARMPCRun.with(standIn) { run in
                let wallet = try await PeerWallet.make()
                try await run.createAccount("erin", identity: try wallet.identity)
                try await standIn.peer.control(["wrong_signature": ["count": 1, "kind": "other_key"]])
                let transaction = TransactionText.make("erin", nonce: 0, [TransactionText.callChainSig()])
                let answer = try await run.post("/v1/execute", json: try await wallet.executeArgsJSON(transaction).compactText)
                #expect(answer.status == 422, "\(answer)")
                #expect((answer.json["error"] as? [String: Any])?["code"] as? String == "signer_invalid_response")
                let txHash = try StrictJSONParser().parse(transaction).canonicalSHA256.hexString
                let stored = try await run.get("/v1/transactions/\(txHash)")
                #expect(stored.json["status"] as? String == "failed")
                #expect((stored.json["error"] as? [String: Any])?["code"] as? String == "signer_invalid_response")
                try await Task.sleep(for: .seconds(3))
                #expect(try await standIn.signRequests().count == 1)
                let again = try await run.post("/v1/execute", json: try await wallet.executeArgsJSON(transaction).compactText)
                #expect((again.json["error"] as? [String: Any])?["code"] as? String == "nonce_mismatch")
            }
        }
    }

    @Test("50 concurrent executions of one nonce: one is executed, 49 get nonce_mismatch, and exactly one NEAR transaction is ever sent")
    func oneNonceOneNEARTransaction() async throws {
        try await MPCStandIn.with(["block_time": 0.2, "sign_latency": 0.5]) { standIn in
            try await ServeNEARMPCRun.with(standIn) { run in
                let wallet = try await PeerWallet.make()
                try await run.createAccount("racer", identity: try wallet.identity)
                let body = try await wallet.executeArgsJSON(TransactionText.make("racer", nonce: 0, [TransactionText.callChainSig()])).compactText
                let answers = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                    for _ in 0..<50 {
                        group.addTask {
                            let answer = try await run.post("/v1/execute", json: body)
                            return (answer.status, (answer.json["error"] as? [String: Any])?["code"] as? String ?? "")
                        }
                    }
                    return try await group.reduce(into: [(Int, String)]()) { $0.append($1) }
                }
                #expect(answers.filter { $0.0 == 200 }.count == 1, "\(answers)")
                #expect(answers.filter { $0.1 == "nonce_mismatch" }.count == 49)
                try await Task.sleep(for: .seconds(2))
                #expect(try await standIn.count("transactions_received") == 1)
                #expect(try await standIn.signRequests().count == 1)
            }
        }
    }

    @Test("GET /readyz tells the near-mpc signer ready while the NEAR RPC answers, and not ready, naming the unreachable RPC, once it stops")
    func readinessFollowsTheRPC() async throws {
        try await MPCStandIn.with(["block_time": 0.2]) { standIn in
            try await ServeNEARMPCRun.with(standIn) { run in
                func signer() async throws -> [String: Any]? {
                    (try await run.get("/readyz").json["components"] as? [String: Any])?["signer"] as? [String: Any]
                }
                #expect(try await signer()?["ready"] as? Bool == true)
                standIn.peer.stop()
                #expect(try await eventually(timeout: .seconds(60)) { try await signer()?["ready"] as? Bool == false })
                let detail = try await signer()?["detail"] as? String ?? ""
                #expect(detail.contains("near_rpc_unavailable"), "\(detail)")
            }
        }
    }

    @Test("the stand-in dies mid-request and serve is killed; both back: the transaction left signing completes and the mail is answered once")
    func completesAfterRestart() async throws {
        let state = try PeerProcess.temporaryDirectory("chainmail-near-state")
        defer { try? FileManager.default.removeItem(at: state) }
        try await MPCStandIn.with(["block_time": 0.2, "state_file": state.appendingPathComponent("chain.json").path]) { standIn in
            try await ServeNEARMPCRun.with(standIn) { run in
                let mail = try run.approvalMail()
                // The NEAR transaction runs, and the stand-in dies before it answers.
                try await standIn.peer.control(["die_on": ["method": "send_tx", "when": "after"]])
                let posted = try await run.post("/v1/email", body: mail.bytes, contentType: "message/rfc822")
                #expect(posted.status == 202 || posted.json["status"] as? String == "signing", "\(posted)")
                #expect(try await eventually(timeout: .seconds(20)) { !standIn.peer.isRunning })
                #expect(try await run.get("/v1/transactions/\(mail.txHash)").json["status"] as? String == "signing")
                await run.kill()

                try await standIn.peer.start()
                try await run.start()
                _ = try await run.executedResult(txHash: mail.txHash)
                #expect(try await eventually(timeout: .seconds(30)) { run.replies(to: mail.messageID).count == 1 })
                try await Task.sleep(for: .seconds(3))
                #expect(run.replies(to: mail.messageID).count == 1, "answered once")
                #expect((try await standIn.keyStats()["duplicate_nonces"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test("50 concurrent executions for 50 accounts through one access key: all signed, no access-key nonce used twice")
    func fiftyAccountsOneKey() async throws {
        try await MPCStandIn.with(["block_time": 0.2, "sign_latency": 0.5]) { standIn in
            try await ServeNEARMPCRun.with(standIn) { run in
                var requests: [String] = []
                for index in 0..<50 {
                    let wallet = try await PeerWallet.make()
                    try await run.createAccount("user\(index)", identity: try wallet.identity)
                    let transaction = TransactionText.make(
                        "user\(index)",
                        nonce: 0,
                        [TransactionText.callChainSig(payload: TransactionText.randomPayload())]
                    )
                    requests.append(try await wallet.executeArgsJSON(transaction).compactText)
                }
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for body in requests { group.addTask { try await run.post("/v1/execute", json: body).status } }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
                #expect(statuses.filter { $0 == 200 }.count == 50, "\(statuses)")
                let key = try await standIn.keyStats()
                #expect((key["duplicate_nonces"] as? [Any])?.isEmpty == true)
                #expect((key["nonces_used"] as? [String: Int])?.values.allSatisfy { $0 == 1 } == true)
                #expect(try await standIn.count("transactions_accepted") == 50)
            }
        }
    }
}
