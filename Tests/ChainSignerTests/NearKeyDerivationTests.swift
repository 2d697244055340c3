import ChainSigner
import Testing

@Suite("NEAR MPC key derivation")
struct NearKeyDerivationTests {
    @Test("reproduces every tweak published by near/mpc", arguments: try TestVectors.nearKDF().publishedTweaks.cases.enumerated().map { $0 })
    func publishedTweak(_ index: Int, _ vector: NearKDFVectors.PublishedTweak) throws {
        let tweak = try NearKeyDerivation.tweak(predecessor: vector.predecessor, path: vector.path)
        #expect(tweak.hexString == vector.tweak, "case \(index)")
    }

    @Test("reproduces the published testnet derivation, keys, NEAR forms and addresses")
    func publishedDerivation() throws {
        let vectors = try TestVectors.nearKDF().publishedDerivedKeys
        #expect(!vectors.isEmpty)
        for vector in vectors {
            let root = try Secp256k1PublicKey(nearFormat: vector.rootPublicKeyNear)
            #expect(root.compressed.hexString == vector.rootPublicKeyCompressed)
            #expect(root.uncompressed.hexString == vector.rootPublicKeyUncompressed)
            #expect(root.nearFormat == vector.rootPublicKeyNear)
            #expect(ChainAddress.evm(root) == vector.rootEvmAddress)
            #expect(ChainAddress.bitcoinHash160(root).hexString == vector.rootBtcHash160)
            #expect(ChainAddress.bitcoinP2WPKH(root) == vector.rootBtcP2wpkhMainnet)
            #expect(ChainAddress.bitcoinP2WPKH(root, humanReadablePart: "tb") == vector.rootBtcP2wpkhTestnet)

            let tweak = try NearKeyDerivation.tweak(predecessor: vector.predecessor, path: vector.path)
            #expect(tweak.hexString == vector.tweak)
            let derived = try NearKeyDerivation.derivePublicKey(root: root, tweak: tweak)
            #expect(derived.compressed.hexString == vector.derivedPublicKeyCompressed)
            #expect(derived.uncompressed.hexString == vector.derivedPublicKeyUncompressed)
            #expect(derived.nearFormat == vector.derivedPublicKeyNear)
            #expect(try Secp256k1PublicKey(nearFormat: vector.derivedPublicKeyNear) == derived)
            #expect(ChainAddress.evm(derived) == vector.derivedEvmAddress)
            #expect(ChainAddress.bitcoinHash160(derived).hexString == vector.derivedBtcHash160)
            #expect(ChainAddress.bitcoinP2WPKH(derived) == vector.derivedBtcP2wpkhMainnet)
            #expect(ChainAddress.bitcoinP2WPKH(derived, humanReadablePart: "tb") == vector.derivedBtcP2wpkhTestnet)
        }
    }

    @Test("the tweak separates predecessor and path with a comma, under NEAR's prefix")
    func tweakInput() throws {
        #expect(NearKeyDerivation.tweakPrefix == "near-mpc-recovery v0.1.0 epsilon derivation:")
        let a = try NearKeyDerivation.tweak(predecessor: "alice.near", path: "x,y")
        #expect(a == (try NearKeyDerivation.tweak(predecessor: "alice.near,x", path: "y")))  // the format is ambiguous by design of NEAR
        #expect(a != (try NearKeyDerivation.tweak(predecessor: "alice.near", path: "x,y ")))
    }

    @Test("tweaks that are not 32 bytes below n are refused with tweak_out_of_range")
    func tweakRange() throws {
        let root = try Secp256k1PublicKey(secretKey: scalar(5))
        for tweak in [Secp256k1.order, increment(Secp256k1.order), [UInt8](repeating: 0xff, count: 32), scalar(1).dropLast(), scalar(1) + [0]] {
            #expect(throws: ChainSignerError.tweakOutOfRange("a tweak is 32 bytes below the group order")) {
                try NearKeyDerivation.derivePublicKey(root: root, tweak: Array(tweak))
            }
            #expect(throws: ChainSignerError.tweakOutOfRange("a tweak is 32 bytes below the group order")) {
                try NearKeyDerivation.deriveSecret(root: scalar(5), tweak: Array(tweak))
            }
        }
    }

    @Test("secret and public derivation agree: (root + t)·G = root·G + t·G")
    func secretMatchesPublic() throws {
        for label in 1...10 {
            let rootSecret = SHA256Digest.of("chainmail-tests/root/\(label)")
            let tweak = try NearKeyDerivation.tweak(predecessor: "chainmail.testnet", path: "path \(label)")
            let secret = try NearKeyDerivation.deriveSecret(root: rootSecret, tweak: tweak)
            let root = try Secp256k1PublicKey(secretKey: rootSecret)
            #expect(try Secp256k1PublicKey(secretKey: secret) == NearKeyDerivation.derivePublicKey(root: root, tweak: tweak))
        }
    }

    @Test("a derivation reaching the point at infinity or zero is refused")
    func degenerate() throws {
        // root = n − 1, tweak = 1: the sum is n ≡ 0.
        let rootSecret = subtract(Secp256k1.order, scalar(1))
        let root = try Secp256k1PublicKey(secretKey: rootSecret)
        #expect(throws: ChainSignerError.self) { try NearKeyDerivation.deriveSecret(root: rootSecret, tweak: scalar(1)) }
        #expect(throws: ChainSignerError.self) { try NearKeyDerivation.derivePublicKey(root: root, tweak: scalar(1)) }
        #expect(throws: ChainSignerError.self) { try NearKeyDerivation.deriveSecret(root: scalar(0), tweak: scalar(1)) }
    }
}
