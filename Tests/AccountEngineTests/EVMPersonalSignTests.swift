import AccountEngine
import ChainSigner
import ChainmailTestSupport
import ErrorCodes
import Foundation
import Testing

@Suite("EVM personal_sign proofs (vectors/evm-personal-sign.json)")
struct EVMPersonalSignTests {
    static let vectors = try? TestVectors.load("evm-personal-sign.json")
    static let valid: [JSONValue] = vectors?["cases"]?.array ?? []
    static let refused: [JSONValue] = vectors?["negative"]?.array ?? []

    static func proof(_ vector: JSONValue, signature: String) throws -> ProofInput {
        ProofInput(
            identity: try AuthIdentity(json: try #require(vector["identity"])),
            message: try #require(vector["message"]?.string),
            evidence: .messageSignature(signature),
            txHash: [],
            now: Date()
        )
    }

    /// 1.1: negatives with a `code` are valid signatures by the identity over a text that is not an
    /// approval line (section 4 step 3): the verifier accepts them, the engine refuses them.
    static let badSignatures: [JSONValue] = refused.filter { $0["code"] == nil }
    static let notApprovals: [JSONValue] = refused.filter { $0["code"] != nil }

    @Test("the vectors are all there")
    func counts() {
        #expect(Self.valid.count == 4)
        #expect(Self.refused.count == 5)
        #expect(Self.badSignatures.count == 2)
        #expect(Self.notApprovals.count == 3)
        #expect(Self.notApprovals.allSatisfy { $0["code"]?.string == "message_not_an_approval" })
    }

    @Test("the EIP-191 digest of each message", arguments: valid + refused)
    func digest(_ vector: JSONValue) throws {
        #expect(EVMPersonalSignVerifier.digest(of: try #require(vector["message"]?.string)).hexString == vector["eip191Digest"]?.string)
    }

    @Test("each valid signature is accepted, with v as 27/28 and as 0/1", arguments: valid)
    func accepted(_ vector: JSONValue) async throws {
        for signature in [vector["signature"]?.string, vector["signatureWithV01"]?.string] {
            let verdict = await EVMPersonalSignVerifier().verify(try Self.proof(vector, signature: try #require(signature)))
            #expect(verdict == .valid)
        }
    }

    @Test("each mustBeRefused signature without a code is refused by the verifier with invalid_signature", arguments: badSignatures)
    func refusedVector(_ vector: JSONValue) async throws {
        #expect(vector["mustBeRefused"]?.bool == true)
        let verdict = await EVMPersonalSignVerifier().verify(try Self.proof(vector, signature: try #require(vector["signature"]?.string)))
        guard case .refused(let error) = verdict else {
            Issue.record("accepted a signature that must be refused")
            return
        }
        #expect(error.code == "invalid_signature")
    }

    @Test(
        "each message_not_an_approval vector is a valid signature for the verifier, and refused by the engine with its code",
        arguments: notApprovals
    )
    func notAnApproval(_ vector: JSONValue) async throws {
        #expect(vector["mustBeRefused"]?.bool == true)
        let signature = try #require(vector["signature"]?.string)
        // The signature itself is good: recovering it gives the identity's address.
        #expect(await EVMPersonalSignVerifier().verify(try Self.proof(vector, signature: signature)) == .valid)
        #expect(vector["recoversTo"]?.string == vector["claimedAddress"]?.string)

        // The engine, at alice's nonce 5 for tx-callchainsig-alice, refuses it before the signature.
        let fixture = try await Self.aliceAtNonceFive()
        defer { fixture.fixture.removeFiles() }
        let args = ExecuteArgs(
            transaction: fixture.transaction,
            authIdentity: try AuthIdentity(json: try #require(vector["identity"])),
            message: try #require(vector["message"]?.string),
            evidence: .messageSignature(signature)
        )
        let error = await #expect(throws: EngineError.self) { try await fixture.fixture.engine.submit(args) }
        #expect(error?.code == vector["code"]?.string)
        #expect(error?.category == .unproven)
        #expect(try await fixture.fixture.store.account(id: "alice")?.nonce == 5)
        #expect(try await fixture.fixture.engine.pendingTransaction(txHash: fixture.transaction.txHashHex) == nil)
        #expect(try await fixture.fixture.engine.executedTransaction(txHash: fixture.transaction.txHashHex) == nil)
    }

    /// An engine where alice (the Remix wallet of case 0) is at nonce 5, the nonce of
    /// tx-callchainsig-alice (jcs-txhash.json), which the vectors' messages name.
    static func aliceAtNonceFive() async throws -> (fixture: EngineFixture, transaction: SignedTransaction) {
        let transactionVector = try #require(
            try TestVectors.load("jcs-txhash.json")["transactions"]?.array.first { $0["id"]?.string == "tx-callchainsig-alice" }
        )
        let transaction = try SignedTransaction(jsonText: try #require(transactionVector["inputText"]?.string))
        #expect(transaction.txHashHex == Self.vectors?["transactionHashesUsed"]?["tx-callchainsig-alice"]?.string)
        let fixture = try EngineFixture()
        let wallet = try await PeerWallet.make(privateKey: try #require(Self.valid.first?["privateKey"]?.string))
        _ = try await fixture.engine.createAccount(id: "alice", identity: try wallet.identity)
        let warmUp = (0..<5).map { TransactionText.make("alice", nonce: UInt64($0), [TransactionText.callChainSig(path: "warm-up,\($0)")]) }
        for args in try await wallet.executeArgs(warmUp) { _ = try await fixture.engine.execute(args) }
        return (fixture, transaction)
    }

    @Test("malformed signatures are refused: length, prefix, v, zero s, another message")
    func malformed() async throws {
        let vector = try #require(Self.valid.first)
        let good = try #require(vector["signature"]?.string)
        let body = String(good.dropFirst(2))
        let withoutV = String(body.dropLast(2))
        let zeroS: String = "0x" + String(body.prefix(64)) + String(repeating: "0", count: 64) + "1b"
        let candidates: [String] = [
            body, "0x" + withoutV, "0x" + body + "00", "0x" + withoutV + "1d", "0x" + withoutV + "02", zeroS, "0x" + withoutV + "zz",
        ]
        for bad in candidates {
            let verdict = await EVMPersonalSignVerifier().verify(try Self.proof(vector, signature: bad))
            #expect(verdict != ProofVerdict.valid, "accepted \(bad)")
        }
        let otherMessage = ProofInput(
            identity: try AuthIdentity(json: try #require(vector["identity"])),
            message: (vector["message"]?.string ?? "") + " ",
            evidence: .messageSignature(good),
            txHash: [],
            now: Date()
        )
        let otherVerdict = await EVMPersonalSignVerifier().verify(otherMessage)
        #expect(otherVerdict != ProofVerdict.valid)
    }

    @Test("the registry answers unsupported_identity for kinds without a verifier")
    func registryUnsupported() async throws {
        let identity = try AuthIdentity(jsonText: #"{"type":"PubKey","value":"solana:6gxZcZxBdPkzqTN2NfwH7Pq997kVQbjumEXmbDCwaaZ8"}"#)
        let verdict = await ProofVerifierRegistry().verify(
            ProofInput(identity: identity, message: "m", evidence: .messageSignature("s"), txHash: [], now: Date())
        )
        guard case .refused(let error) = verdict else {
            Issue.record("accepted an unsupported identity")
            return
        }
        #expect(error.code == "unsupported_identity")
    }
}
