import AccountEngine
import ByteEncoding
import ChainSigner
import ChainmailTestSupport
import Foundation
import Testing

@Suite("near: proofs, NEP-413 (vectors/nep413.json and PyNaCl)")
struct NEP413SignatureTests {
    static let vectors = try? TestVectors.load("nep413.json")
    static let valid: [JSONValue] = vectors?["cases"]?.array ?? []
    static let refused: [JSONValue] = vectors?["negative"]?.array ?? []
    static let verifier = NEP413SignatureVerifier(recipient: "chainmail.testnet")

    static func proof(_ vector: JSONValue) throws -> ProofInput {
        ProofInput(
            identity: try AuthIdentity(json: try #require(vector["identity"])),
            message: try #require(vector["message"]?.string),
            evidence: .messageSignature(try #require(vector["signatureBase64"]?.string)),
            txHash: try #require(vector["txHash"]?.hexBytes),
            now: Date()
        )
    }

    @Test("the vectors are all there")
    func counts() {
        #expect(Self.valid.count == 3)
        #expect(Self.refused.count == 4)
        #expect(Self.vectors?["recipient"]?.string == "chainmail.testnet")
    }

    @Test("the borsh payload and its SHA-256 match each vector", arguments: valid + refused)
    func payload(_ vector: JSONValue) throws {
        let payload = NEP413Payload(
            message: try #require(vector["message"]?.string),
            nonce: try #require(vector["nonce"]?.hexBytes),
            recipient: try #require(vector["recipient"]?.string)
        )
        #expect(payload.borshBytes.hexString == vector["borshPayloadHex"]?.string)
        #expect(payload.signedDigest.hexString == vector["sha256"]?.string)
    }

    @Test("the NEP-413 spec example's layout, with callbackUrl Some")
    func specExample() throws {
        let example = try #require(Self.vectors?["specExampleLayout"])
        let payload = NEP413Payload(
            message: try #require(example["message"]?.string),
            nonce: try #require(example["nonceHex"]?.hexBytes),
            recipient: try #require(example["recipient"]?.string),
            callbackUrl: example["callbackUrl"]?.string
        )
        #expect(payload.borshBytes.hexString == example["borshPayloadHex"]?.string)
        #expect(payload.signedDigest.hexString == example["sha256"]?.string)
    }

    @Test("each valid vector is accepted", arguments: valid)
    func accepted(_ vector: JSONValue) async throws {
        #expect(await Self.verifier.verify(try Self.proof(vector)) == .valid)
    }

    @Test("each negative vector is refused with invalid_signature", arguments: refused)
    func refusedVector(_ vector: JSONValue) async throws {
        #expect(vector["mustBeRefused"]?.bool == true)
        #expect(await Self.verifier.verify(try Self.proof(vector)).refusalCode == "invalid_signature")
    }

    @Test("a valid vector is refused by a service configured with another recipient")
    func otherRecipient() async throws {
        let vector = try #require(Self.valid.first)
        #expect(await NEP413SignatureVerifier(recipient: "other.testnet").verify(try Self.proof(vector)).refusalCode == "invalid_signature")
    }

    @Test("signature texts other than the canonical padded base64 of 64 bytes are refused")
    func encodings() async throws {
        let vector = try #require(Self.valid.first)
        let good = try #require(vector["signatureBase64"]?.string)
        let bytes = try #require(Base64.decode(good, .standardPadded))
        let unpadded = String(good.dropLast(2))
        let urlAlphabet = good.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        var lastCharacterBumped = Array(good.utf8)
        lastCharacterBumped[85] = lastCharacterBumped[85] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        for bad in [
            unpadded, urlAlphabet, " " + good, good + "\n", Base58.encode(bytes), bytes.hexString,
            String(decoding: lastCharacterBumped, as: UTF8.self),
        ]
        where bad != good {
            let proof = ProofInput(
                identity: try AuthIdentity(json: try #require(vector["identity"])),
                message: try #require(vector["message"]?.string),
                evidence: .messageSignature(bad),
                txHash: try #require(vector["txHash"]?.hexBytes),
                now: Date()
            )
            #expect(await Self.verifier.verify(proof).refusalCode == "invalid_signature", "accepted \(bad)")
        }
    }

    @Test("through execute: a PyNaCl NEP-413 signature authorises a CallChainSig; one for another recipient is refused")
    func execute() async throws {
        let fixture = try AuthFixture()
        defer { fixture.removeFiles() }
        let wallet = try await PeerEd25519Wallet.make()
        _ = try await fixture.engine.createAccount(id: "near-user", identity: try wallet.nearIdentity)
        let transaction = try SignedTransaction(jsonText: TransactionText.make("near-user", nonce: 0, [TransactionText.callChainSig()]))
        let message = "Sign in to chainmail\ntxHash: \(transaction.txHashHex)"

        let forOther = try await wallet.signNEP413(message: message, txHash: transaction.txHashHex, recipient: "evil.testnet")
        let refused = await EngineError.code {
            try await fixture.engine.execute(
                ExecuteArgs(transaction: transaction, authIdentity: try wallet.nearIdentity, message: message, evidence: .messageSignature(forOther))
            )
        }
        #expect(refused == "invalid_signature")

        let signature = try await wallet.signNEP413(message: message, txHash: transaction.txHashHex)
        let result = try await fixture.engine.execute(
            ExecuteArgs(transaction: transaction, authIdentity: try wallet.nearIdentity, message: message, evidence: .messageSignature(signature))
        )
        #expect(result.nonce == 1)
    }
}
