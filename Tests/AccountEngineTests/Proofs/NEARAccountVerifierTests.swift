import AccountEngine
import ChainmailTestSupport
import Foundation
import Testing

/// `Account` identities against scripts/peers/near_rpc.py (NEARRPCPeer), with NEP-413 signatures
/// made by PyNaCl (PeerEd25519Wallet): the stand-in holds `alice.testnet` with a full-access key
/// and a function-call key.
@Suite("Account identities: NEP-413 by a full-access key, confirmed over the NEAR RPC stand-in")
struct NEARAccountVerifierTests {
    /// A short request time-out: a stopped stand-in is otherwise retried for a long time.
    static let requestTimeoutSeconds = 2

    /// A real engine whose NEAR RPC is a running stand-in, and the wallets of alice.testnet's keys.
    struct Scenario {
        let peer: NEARRPCPeer
        let fixture: AuthFixture
        let fullAccess: PeerEd25519Wallet
        let functionCall: PeerEd25519Wallet

        static func make() async throws -> Scenario {
            let fullAccess = try await PeerEd25519Wallet.make()
            let functionCall = try await PeerEd25519Wallet.make()
            let peer = try await NEARRPCPeer(configuration: [
                "block_time": 0,
                "accounts": [
                    "alice.testnet": [
                        "keys": [
                            ["public_key": "ed25519:" + fullAccess.publicKeyBase58, "permission": "FullAccess", "nonce": 5],
                            [
                                "public_key": "ed25519:" + functionCall.publicKeyBase58, "nonce": 0,
                                "permission": [
                                    "FunctionCall": [
                                        "allowance": NSNull(), "receiver_id": "v1.signer-prod.testnet", "method_names": ["sign"],
                                    ]
                                ],
                            ],
                        ]
                    ]
                ],
            ])
            let near = NEARSettings(rpcURL: peer.rpcURL, requestTimeoutSeconds: requestTimeoutSeconds)
            return Scenario(peer: peer, fixture: try AuthFixture(near: near), fullAccess: fullAccess, functionCall: functionCall)
        }

        func cleanUp() {
            peer.cleanUp()
            fixture.removeFiles()
        }

        var queries: Int {
            get async throws { (try await peer.stats()["requests"] as? [String: Any])?["query"] as? Int ?? 0 }
        }
    }

    /// `{"publicKey","signature"}` as a NEAR wallet's signMessage answers it.
    static func proofText(
        _ wallet: PeerEd25519Wallet,
        message: String,
        txHash: String,
        recipient: String = "chainmail.testnet"
    )
        async throws -> String
    {
        let signature = try await wallet.signNEP413(message: message, txHash: txHash, recipient: recipient)
        return #"{"publicKey":"ed25519:\#(wallet.publicKeyBase58)","signature":"\#(signature)"}"#
    }

    /// Creates chainmail account `accountId` holding the Account identity `nearAccount`, and the
    /// transaction (nonce 0) it is asked to execute.
    static func account(_ accountId: String, nearAccount: String, in fixture: AuthFixture) async throws -> (AuthIdentity, SignedTransaction) {
        let identity = try AuthIdentity(.account(nearAccount))
        _ = try await fixture.engine.createAccount(id: accountId, identity: identity)
        let transaction = try SignedTransaction(jsonText: TransactionText.make(accountId, nonce: 0, [TransactionText.callChainSig()]))
        return (identity, transaction)
    }

    static func execute(_ fixture: AuthFixture, _ identity: AuthIdentity, _ transaction: SignedTransaction, proof: String) async -> String? {
        await EngineError.code {
            try await fixture.engine.execute(
                ExecuteArgs(transaction: transaction, authIdentity: identity, message: "Approve in chainmail", evidence: .messageSignature(proof))
            )
        }
    }

    @Test("a NEP-413 signature by a full-access key of the NEAR account executes a CallChainSig with the near/<account> path")
    func fullAccessKeyExecutes() async throws {
        let scenario = try await Scenario.make()
        defer { scenario.cleanUp() }
        let (identity, transaction) = try await Self.account("alice", nearAccount: "alice.testnet", in: scenario.fixture)
        let proof = try await Self.proofText(scenario.fullAccess, message: "Approve in chainmail", txHash: transaction.txHashHex)
        let result = try await scenario.fixture.engine.execute(
            ExecuteArgs(transaction: transaction, authIdentity: identity, message: "Approve in chainmail", evidence: .messageSignature(proof))
        )
        #expect(result.nonce == 1)
        #expect(result.json.compactText.contains(#""derivationPath":"near/alice.testnet,ethereum,1""#), "\(result.json.compactText)")
        #expect(try await scenario.fixture.store.account(id: "alice")?.nonce == 1)
        #expect(try await scenario.queries == 1)
    }

    @Test("a function-call key, a key the account does not have and an unknown NEAR account are near_key_not_authorised, and nothing changes")
    func keysWithoutFullAccessAreRefused() async throws {
        let scenario = try await Scenario.make()
        defer { scenario.cleanUp() }
        let fixture = scenario.fixture
        let stranger = try await PeerEd25519Wallet.make()
        let (alice, aliceTransaction) = try await Self.account("alice", nearAccount: "alice.testnet", in: fixture)
        let (ghost, ghostTransaction) = try await Self.account("ghost", nearAccount: "ghost.testnet", in: fixture)
        let aliceBefore = try await fixture.storedAccountText("alice")
        let ghostBefore = try await fixture.storedAccountText("ghost")

        let byFunctionCall = try await Self.proofText(scenario.functionCall, message: "Approve in chainmail", txHash: aliceTransaction.txHashHex)
        #expect(await Self.execute(fixture, alice, aliceTransaction, proof: byFunctionCall) == "near_key_not_authorised")
        let byStranger = try await Self.proofText(stranger, message: "Approve in chainmail", txHash: aliceTransaction.txHashHex)
        #expect(await Self.execute(fixture, alice, aliceTransaction, proof: byStranger) == "near_key_not_authorised")
        let forGhost = try await Self.proofText(scenario.fullAccess, message: "Approve in chainmail", txHash: ghostTransaction.txHashHex)
        #expect(await Self.execute(fixture, ghost, ghostTransaction, proof: forGhost) == "near_key_not_authorised")

        #expect(try await fixture.storedAccountText("alice") == aliceBefore)
        #expect(try await fixture.storedAccountText("ghost") == ghostBefore)
        #expect(try await scenario.queries == 3)
    }

    @Test("an RPC that fails inside, times out or is stopped is near_rpc_unavailable; the proof is accepted once it answers again")
    func unavailableRPC() async throws {
        let scenario = try await Scenario.make()
        defer { scenario.cleanUp() }
        let (alice, transaction) = try await Self.account("alice", nearAccount: "alice.testnet", in: scenario.fixture)
        let proof = try await Self.proofText(scenario.fullAccess, message: "Approve in chainmail", txHash: transaction.txHashHex)

        for kind in ["internal", "timeout"] {
            try await scenario.peer.control(["fail_next": ["error": kind, "count": 1, "method": "query"]])
            #expect(await Self.execute(scenario.fixture, alice, transaction, proof: proof) == "near_rpc_unavailable", "\(kind)")
        }
        scenario.peer.stop()
        // `stop` returns before the process has gone: on a loaded machine it may still answer.
        #expect(await eventually(timeout: .seconds(20)) { (try? await scenario.peer.stats()) == nil })
        let started = ContinuousClock.now
        #expect(await Self.execute(scenario.fixture, alice, transaction, proof: proof) == "near_rpc_unavailable")
        #expect(ContinuousClock.now - started < .seconds(Self.requestTimeoutSeconds + 5), "bounded by near.requestTimeoutSeconds")
        #expect(try await scenario.fixture.store.account(id: "alice")?.nonce == 0)

        try await scenario.peer.start()
        #expect(await Self.execute(scenario.fixture, alice, transaction, proof: proof) == nil)
    }

    @Test("without a near section an Account proof is near_rpc_not_configured, after its signature is checked")
    func notConfigured() async throws {
        let fixture = try AuthFixture()
        defer { fixture.removeFiles() }
        let wallet = try await PeerEd25519Wallet.make()
        let (alice, transaction) = try await Self.account("alice", nearAccount: "alice.testnet", in: fixture)
        let proof = try await Self.proofText(wallet, message: "Approve in chainmail", txHash: transaction.txHashHex)
        #expect(await Self.execute(fixture, alice, transaction, proof: proof) == "near_rpc_not_configured")
        let other = try await PeerEd25519Wallet.make()
        let forgery = proof.replacingOccurrences(of: wallet.publicKeyBase58, with: other.publicKeyBase58)
        #expect(await Self.execute(fixture, alice, transaction, proof: forgery) == "invalid_signature")
        #expect(try await fixture.store.account(id: "alice")?.nonce == 0)
    }

    @Test("malformed proof texts and signatures that do not verify are invalid_signature, and NEAR is not asked")
    func malformedProofs() async throws {
        let scenario = try await Scenario.make()
        defer { scenario.cleanUp() }
        let (alice, transaction) = try await Self.account("alice", nearAccount: "alice.testnet", in: scenario.fixture)
        let wallet = scenario.fullAccess
        let signature = try await wallet.signNEP413(message: "Approve in chainmail", txHash: transaction.txHashHex)
        let key = "ed25519:" + wallet.publicKeyBase58
        let otherRecipient = try await Self.proofText(
            wallet,
            message: "Approve in chainmail",
            txHash: transaction.txHashHex,
            recipient: "evil.testnet"
        )
        let malformed = [
            "not json",
            signature,
            #"{"publicKey":"\#(key)"}"#,
            #"{"signature":"\#(signature)"}"#,
            #"{"publicKey":"\#(key)","signature":"\#(signature)","accountId":"alice.testnet"}"#,
            #"{"publicKey":"\#(key)","signature":"\#(signature)","signature":"\#(signature)"}"#,
            #"{"publicKey":"\#(wallet.publicKeyBase58)","signature":"\#(signature)"}"#,
            #"{"publicKey":"secp256k1:\#(wallet.publicKeyBase58)","signature":"\#(signature)"}"#,
            #"{"publicKey":"ed25519:1\#(wallet.publicKeyBase58)","signature":"\#(signature)"}"#,
            #"{"publicKey":"\#(key)","signature":"\#(String(signature.dropLast(2)))"}"#,
            #"{"publicKey":"\#(key)","signature":"\#(String(repeating: "A", count: 86))=="}"#,
            #"{"publicKey":"\#(key)","signature":7}"#,
            #"[{"publicKey":"\#(key)","signature":"\#(signature)"}]"#,
            otherRecipient,
        ]
        for text in malformed {
            #expect(await Self.execute(scenario.fixture, alice, transaction, proof: text) == "invalid_signature", "\(text)")
        }
        #expect(try await scenario.queries == 0)
        #expect(try await scenario.fixture.store.account(id: "alice")?.nonce == 0)
    }
}

extension AuthFixture {
    /// The account as stored, as JSON text, or "absent".
    fileprivate func storedAccountText(_ accountId: String) async throws -> String {
        try await store.account(id: accountId)?.json.compactText ?? "absent"
    }
}
