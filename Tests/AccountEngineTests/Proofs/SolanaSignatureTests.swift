import AccountEngine
import ByteEncoding
import ChainSigner
import ChainmailTestSupport
import Crypto
import Foundation
import Testing

@Suite("solana: proofs, ed25519 signatures made by PyNaCl")
struct SolanaSignatureTests {
    static let txHash = [UInt8](hex: "ab4304d2d8fe0c82247ce16a223a9ec03e1b046479c953002a6bec68e158a4ea")!
    static let message = "chainmail: authorize ab4304d2d8fe0c82247ce16a223a9ec03e1b046479c953002a6bec68e158a4ea"

    static func proof(_ identity: AuthIdentity, message: String = message, signature: String) -> ProofInput {
        ProofInput(identity: identity, message: message, evidence: .messageSignature(signature), txHash: txHash, now: Date())
    }

    /// L, the order of the ed25519 base point, little-endian.
    static let groupOrder: [UInt8] = [
        0xED, 0xD3, 0xF5, 0x5C, 0x1A, 0x63, 0x12, 0x58, 0xD6, 0x9C, 0xF7, 0xA2, 0xDE, 0xF9, 0xDE, 0x14,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
    ]

    /// The signature with S replaced by S + L: the same equation holds, but the encoding is not canonical.
    static func malleated(_ signature: [UInt8]) -> [UInt8] {
        var result = Array(signature[0..<32])
        var carry = 0
        for index in 0..<32 {
            let sum = Int(signature[32 + index]) + Int(groupOrder[index]) + carry
            result.append(UInt8(sum & 0xFF))
            carry = sum >> 8
        }
        return result
    }

    @Test("a PyNaCl signature over the UTF-8 message verifies, a multi-line UTF-8 one too")
    func accepted() async throws {
        let wallet = try await PeerEd25519Wallet.make()
        let messages = [Self.message, "Chainmail ✉️\nauthorize \(Self.txHash.hexString)\nDanke schön — 日本 🚀"]
        let signatures = try await wallet.signSolana(messages)
        for (message, signature) in zip(messages, signatures) {
            let verdict = await SolanaSignatureVerifier().verify(Self.proof(try wallet.solanaIdentity, message: message, signature: signature))
            #expect(verdict == .valid)
        }
    }

    @Test("a signature of another message, or by another key, is refused with invalid_signature")
    func otherMessageOrKey() async throws {
        let wallet = try await PeerEd25519Wallet.make()
        let other = try await PeerEd25519Wallet.make()
        let signature = try await wallet.signSolana([Self.message + "!"])[0]
        let verdict = await SolanaSignatureVerifier().verify(Self.proof(try wallet.solanaIdentity, signature: signature))
        #expect(verdict.refusalCode == "invalid_signature")
        let good = try await wallet.signSolana([Self.message])[0]
        let byOther = await SolanaSignatureVerifier().verify(Self.proof(try other.solanaIdentity, signature: good))
        #expect(byOther.refusalCode == "invalid_signature")
    }

    @Test("non-canonical signature texts are refused: leading 1s, wrong length, other alphabets, S + L")
    func nonCanonical() async throws {
        let wallet = try await PeerEd25519Wallet.make()
        let good = try await wallet.signSolana([Self.message])[0]
        let bytes = try #require(Base58.decode(good))
        #expect(await SolanaSignatureVerifier().verify(Self.proof(try wallet.solanaIdentity, signature: good)) == .valid)
        let candidates = [
            "1" + good,  // a leading zero byte: 65 bytes
            String(good.dropLast()),
            good + "1",
            Base58.encode(bytes + [0]),
            Base58.encode(Array(bytes.prefix(63))),
            good.replacingOccurrences(of: "A", with: "0"),
            bytes.hexString,
            Base64.encode(bytes, .standardPadded),
            Base58.encode(Self.malleated(bytes)),
            "",
        ]
        for bad in candidates where bad != good {
            let verdict = await SolanaSignatureVerifier().verify(Self.proof(try wallet.solanaIdentity, signature: bad))
            #expect(verdict.refusalCode == "invalid_signature", "accepted \(bad)")
        }
    }

    @Test("BoringSSL's ed25519 verify (swift-crypto) refuses S ≥ L, where the equation alone would hold")
    func boringSSLRefusesHighS() async throws {
        let wallet = try await PeerEd25519Wallet.make()
        let signature = try #require(Base58.decode(try await wallet.signSolana([Self.message])[0]))
        let key = try Curve25519.Signing.PublicKey(rawRepresentation: try #require(Base58.decode(wallet.publicKeyBase58)))
        #expect(key.isValidSignature(signature, for: Array(Self.message.utf8)))
        let malleated = Self.malleated(signature)
        #expect(malleated[63] & 0xE0 == 0, "S + L still fits in 253 bits")
        #expect(!key.isValidSignature(malleated, for: Array(Self.message.utf8)))
    }

    @Test(
        "small-order and non-canonical (y ≥ p) keys are refused as identities",
        arguments: [
            "0100000000000000000000000000000000000000000000000000000000000000",  // identity point
            "0100000000000000000000000000000000000000000000000000000000000080",  // identity, x sign set
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // order 2
            "0000000000000000000000000000000000000000000000000000000000000000",  // order 4
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",  // order 8
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",  // order 8, x sign set
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // y = p
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // y = p + 1 (aliases y = 1)
            "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",  // y = 2^255 − 1
        ]
    )
    func weakKeys(_ hex: String) throws {
        let key = Base58.encode([UInt8](hex: hex)!)
        for prefix in ["solana:", "near:ed25519:"] {
            #expect(throws: EngineError.self) { try AuthIdentity(.pubKey(prefix + key)) }
            do {
                _ = try AuthIdentity(.pubKey(prefix + key))
            } catch {
                #expect(error.code == "invalid_identity")
            }
        }
    }

    @Test("through execute: a solana: wallet runs a CallChainSig, and a signature of another message is refused")
    func execute() async throws {
        let fixture = try AuthFixture()
        defer { fixture.removeFiles() }
        let wallet = try await PeerEd25519Wallet.make()
        _ = try await fixture.engine.createAccount(id: "sol", identity: try wallet.solanaIdentity)
        let transaction = try SignedTransaction(jsonText: TransactionText.make("sol", nonce: 0, [TransactionText.callChainSig()]))
        let message = ApprovalLine.text(serviceId: AuthenticationSettings.defaultServiceId, txHash: transaction.txHashHex)

        let forged = try await wallet.signSolana([message.replacingOccurrences(of: "approve", with: "approves")])[0]
        let refused = await EngineError.code {
            try await fixture.engine.execute(
                ExecuteArgs(transaction: transaction, authIdentity: try wallet.solanaIdentity, message: message, evidence: .messageSignature(forged))
            )
        }
        #expect(refused == "invalid_signature")
        #expect(try await fixture.store.account(id: "sol")?.nonce == 0)

        let signature = try await wallet.signSolana([message])[0]
        let result = try await fixture.engine.execute(
            ExecuteArgs(transaction: transaction, authIdentity: try wallet.solanaIdentity, message: message, evidence: .messageSignature(signature))
        )
        #expect(result.nonce == 1)
        #expect(result.json["results"]?[0]?["derivationPath"]?.string == "wallet/solana:\(wallet.publicKeyBase58),ethereum,1")
    }
}
