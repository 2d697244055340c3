import AccountEngine
import ChainSigner
import ChainmailTestSupport
import ErrorCodes
import Foundation
import Testing

/// Each refusal is checked to leave the stored account byte-for-byte as it was and to record nothing.
@Suite("execute refusals, in the order of section 4, change nothing")
struct ExecuteRefusalTests {
    struct Setup {
        let fixture: EngineFixture
        let wallet: PeerWallet
        let other: PeerWallet
        let oidc: AuthIdentity
    }

    /// An account "alice" at nonce 1 holding the wallet and an OIDC identity; "bob" held by `other`.
    static func setUp() async throws -> Setup {
        let fixture = try EngineFixture()
        let wallet = try await PeerWallet.make()
        let other = try await PeerWallet.make()
        let oidc = try AuthIdentity(.oidc(issuer: "https://issuer.chainmail.test", clientId: "c", email: "alice@example.com"))
        // 1.1: adding the OIDC identity by AddKey would need its consent, which is not what these
        // tests are about: alice is created holding both, then one transaction brings her to nonce 1.
        _ = try await fixture.engine.createAccount(id: "alice", identities: [try wallet.identity, oidc])
        _ = try await fixture.engine.createAccount(id: "bob", identity: try other.identity)
        _ = try await fixture.engine.execute(
            try await wallet.executeArgs(TransactionText.make("alice", nonce: 0, [TransactionText.callChainSig(path: "set-up,0")]))
        )
        return Setup(fixture: fixture, wallet: wallet, other: other, oidc: oidc)
    }

    static func expectRefused(_ setup: Setup, _ args: ExecuteArgs, code: String, category: ErrorCategory? = nil) async throws {
        let before = try await setup.fixture.storedAccountText("alice")
        let beforeBob = try await setup.fixture.storedAccountText("bob")
        // Through `submit`, the path every way in shares (1.1): a refusal is answered there, never
        // kept as a transaction awaiting proofs.
        let error = await #expect(throws: EngineError.self) { try await setup.fixture.engine.submit(args) }
        #expect(error?.code == code)
        if let category { #expect(error?.category == category) }
        #expect(try await setup.fixture.storedAccountText("alice") == before)
        #expect(try await setup.fixture.storedAccountText("bob") == beforeBob)
        #expect(try await setup.fixture.engine.executedTransaction(txHash: args.transaction.txHashHex) == nil)
        #expect(try await setup.fixture.engine.pendingTransaction(txHash: args.transaction.txHashHex) == nil)
    }

    @Test("refusals of steps 1 to 4")
    func checks() async throws {
        let setup = try await Self.setUp()
        defer { setup.fixture.removeFiles() }
        let wallet = setup.wallet
        let good = TransactionText.make("alice", nonce: 1, [TransactionText.callChainSig()])

        // 1. Unknown account; identity not on the account; authTarget not on the account.
        try await Self.expectRefused(
            setup,
            try await wallet.executeArgs(TransactionText.make("nobody", nonce: 0, [TransactionText.callChainSig()])),
            code: "account_not_found",
            category: .notFound
        )
        try await Self.expectRefused(setup, try await setup.other.executeArgs(good), code: "identity_not_on_account", category: .unproven)
        // 1.1: authTarget is inside the transaction (section 2).
        try await Self.expectRefused(
            setup,
            try await wallet.executeArgs(
                TransactionText.make("alice", nonce: 1, authTarget: try setup.other.identity, [TransactionText.callChainSig()])
            ),
            code: "auth_target_not_on_account",
            category: .refused
        )
        // 1.1: an authTarget named only by ExecuteArgs, differing from the wallet's own, was not signed.
        try await Self.expectRefused(
            setup,
            try await wallet.executeArgs(good, authTarget: setup.oidc),
            code: "auth_target_not_signed",
            category: .unproven
        )
        // 2. Wrong nonce, before and after.
        try await Self.expectRefused(
            setup,
            try await wallet.executeArgs(TransactionText.make("alice", nonce: 0, [TransactionText.callChainSig()])),
            code: "nonce_mismatch",
            category: .conflict
        )
        try await Self.expectRefused(
            setup,
            try await wallet.executeArgs(TransactionText.make("alice", nonce: 2, [TransactionText.callChainSig()])),
            code: "nonce_mismatch",
            category: .conflict
        )

        let signed = try SignedTransaction(jsonText: good)
        // 3. A message that is not the approval line of this transaction, even when correctly signed.
        let otherMessage = ApprovalLine.text(serviceId: AuthenticationSettings.defaultServiceId, txHash: String(repeating: "ab", count: 32))
        let otherSignature = try await wallet.sign([otherMessage])[0]
        try await Self.expectRefused(
            setup,
            ExecuteArgs(transaction: signed, authIdentity: try wallet.identity, message: otherMessage, evidence: .messageSignature(otherSignature)),
            code: "message_not_an_approval",
            category: .unproven
        )
        // 4. A signature by another key, a malformed one, a proof kind not supported yet.
        let message = ApprovalLine.text(serviceId: AuthenticationSettings.defaultServiceId, txHash: signed.txHashHex)
        let forged = try await setup.other.sign([message])[0]
        try await Self.expectRefused(
            setup,
            ExecuteArgs(transaction: signed, authIdentity: try wallet.identity, message: message, evidence: .messageSignature(forged)),
            code: "invalid_signature",
            category: .unproven
        )
        try await Self.expectRefused(
            setup,
            ExecuteArgs(transaction: signed, authIdentity: try wallet.identity, message: message, evidence: .messageSignature("0x00")),
            code: "invalid_signature"
        )
        try await Self.expectRefused(
            setup,
            ExecuteArgs(transaction: signed, authIdentity: setup.oidc, message: message, evidence: .messageSignature("a.b.c")),
            code: "unsupported_identity",
            category: .refused
        )
    }

    @Test("refusals of the actions: last identity, duplicate AddKey, absent RemoveKey, action after delete, key version")
    func actions() async throws {
        let setup = try await Self.setUp()
        defer { setup.fixture.removeFiles() }
        let wallet = setup.wallet
        let walletIdentity = try wallet.identity
        let upperCase = try AuthIdentity(.pubKey("evm:0x" + wallet.address.dropFirst(2).uppercased()))
        let cases: [(String, String)] = [
            (
                TransactionText.make("alice", nonce: 1, [TransactionText.removeKey(setup.oidc), TransactionText.removeKey(walletIdentity)]),
                "last_identity"
            ),
            (TransactionText.make("alice", nonce: 1, [TransactionText.addKey(setup.oidc)]), "identity_already_present"),
            (
                #"{"accountId":"alice","nonce":1,"actions":[{"type":"AddKey","authIdentity":{"type":"PubKey","value":"evm:0x\#(wallet.address.dropFirst(2).uppercased())"}}]}"#,
                "identity_already_present"
            ),
            (TransactionText.make("alice", nonce: 1, [TransactionText.removeKey(try setup.other.identity)]), "identity_not_present"),
            (
                TransactionText.make(
                    "alice",
                    nonce: 1,
                    [TransactionText.callChainSig(), TransactionText.deleteAccount, TransactionText.callChainSig()]
                ), "action_after_delete"
            ),
            (TransactionText.make("alice", nonce: 1, [TransactionText.callChainSig(keyVersion: 1)]), "unsupported_key_version"),
            (
                TransactionText.make("alice", nonce: 1, [TransactionText.callChainSig(), TransactionText.addKey(setup.oidc)]),
                "identity_already_present"
            ),
        ]
        #expect(upperCase == walletIdentity)
        let argsList = try await wallet.executeArgs(cases.map(\.0))
        for (args, (_, code)) in zip(argsList, cases) {
            try await Self.expectRefused(setup, args, code: code)
        }
        // After all those refusals the account is still at nonce 1 and the same transaction shape executes.
        let ok = try await wallet.executeArgs(TransactionText.make("alice", nonce: 1, [TransactionText.removeKey(setup.oidc)]))
        #expect(try await setup.fixture.engine.execute(ok).nonce == 2)
    }

    @Test("17 actions are refused before anything is looked up, and 16 identities are the most an account holds")
    func limits() async throws {
        let setup = try await Self.setUp()
        defer { setup.fixture.removeFiles() }
        let seventeen = TransactionText.make("alice", nonce: 1, Array(repeating: TransactionText.callChainSig(), count: 17))
        let identity = setup.wallet.address
        let error = #expect(throws: EngineError.self) {
            try ExecuteArgs(
                jsonText:
                    #"{"transaction":\#(seventeen),"authIdentity":{"type":"PubKey","value":"evm:\#(identity)"},"message":"m","messageSignature":"s"}"#
            )
        }
        #expect(error?.code == "too_many_actions")

        // alice holds 2 identities: 14 more fit, the 15th is refused. 1.1: each added identity
        // consents (section 4.1), so they are eth-account wallets that sign both transactions.
        let extra = try await withThrowingTaskGroup(of: PeerWallet.self) { group in
            for _ in 0..<15 { group.addTask { try await PeerWallet.make() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let tooMany = TransactionText.make("alice", nonce: 1, try extra.map { TransactionText.addKey(try $0.identity) })
        let fits = TransactionText.make("alice", nonce: 1, try extra.prefix(14).map { TransactionText.addKey(try $0.identity) })
        let hashes = try [tooMany, fits].map { try SignedTransaction(jsonText: $0).txHashHex }
        let consents = try await withThrowingTaskGroup(of: [ApprovalProof].self) { group in
            for wallet in extra { group.addTask { [try await wallet.approval(txHash: hashes[0]), try await wallet.approval(txHash: hashes[1])] } }
            return try await group.reduce(into: [[ApprovalProof]]()) { $0.append($1) }
        }
        let tooManyArgs = try await setup.wallet.executeArgs(tooMany).with(consents: consents.map { $0[0] })
        try await Self.expectRefused(setup, tooManyArgs, code: "too_many_identities")
        let fitting = Set(try extra.prefix(14).map { try $0.identity })
        let fitsArgs = try await setup.wallet.executeArgs(fits).with(consents: consents.map { $0[1] }.filter { fitting.contains($0.authIdentity) })
        _ = try await setup.fixture.engine.execute(fitsArgs)
        #expect(try await setup.fixture.store.account(id: "alice")?.authIdentities.count == 16)
    }
}
