import AccountEngine
import ChainSigner
import ChainmailTestSupport
import Foundation
import Testing

@Suite("EVM personal_sign proofs (vectors/evm-personal-sign.json)")
struct EVMPersonalSignTests {
    static let vectors = try? SharedVectors.load("evm-personal-sign.json")
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

    @Test("the vectors are all there")
    func counts() {
        #expect(Self.valid.count == 4)
        #expect(Self.refused.count == 2)
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

    @Test("each mustBeRefused signature is refused with invalid_signature", arguments: refused)
    func refusedVector(_ vector: JSONValue) async throws {
        #expect(vector["mustBeRefused"]?.bool == true)
        let verdict = await EVMPersonalSignVerifier().verify(try Self.proof(vector, signature: try #require(vector["signature"]?.string)))
        guard case .refused(let error) = verdict else {
            Issue.record("accepted a signature that must be refused")
            return
        }
        #expect(error.code == "invalid_signature")
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
