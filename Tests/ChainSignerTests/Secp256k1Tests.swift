import ByteEncoding
import ChainSigner
import Crypto
import Foundation
import Testing

@Suite("secp256k1 keys, scalars and recovery")
struct Secp256k1Tests {
    let generatorCompressed = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
    let generatorUncompressed =
        "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"

    @Test("a key parsed from either encoding is the same key, and gives both encodings back")
    func encodings() throws {
        let fromCompressed = try Secp256k1PublicKey(bytes: bytes(generatorCompressed))
        let fromUncompressed = try Secp256k1PublicKey(bytes: bytes(generatorUncompressed))
        #expect(fromCompressed == fromUncompressed)
        #expect(fromCompressed.hashValue == fromUncompressed.hashValue)
        #expect(fromCompressed.compressed.hexString == generatorCompressed)
        #expect(fromCompressed.uncompressed.hexString == generatorUncompressed)
        #expect(try Secp256k1PublicKey(secretKey: scalar(1)) == fromCompressed)
        #expect(fromCompressed.description == generatorCompressed)
    }

    @Test("keys off the curve, of the wrong size or in hybrid encoding are refused")
    func invalidKeys() throws {
        let uncompressed = try bytes(generatorUncompressed)
        let hybrid = [0x06 | (uncompressed[64] & 1)] + uncompressed.dropFirst()
        let offCurve = Array(uncompressed.dropLast()) + [uncompressed[64] ^ 1]
        let candidates: [[UInt8]] = [
            [],
            Array(uncompressed.prefix(33)),  // 04 prefix on 33 bytes
            try bytes("05" + generatorCompressed.dropFirst(2)),
            try bytes("02" + String(repeating: "00", count: 32)),  // x = 0 is not on the curve
            try bytes("02" + String(repeating: "ff", count: 32)),  // x ≥ p
            hybrid,
            offCurve,
            uncompressed + [0],
        ]
        for candidate in candidates {
            #expect(throws: ChainSignerError.self, "\(candidate.hexString)") { try Secp256k1PublicKey(bytes: candidate) }
            do {
                _ = try Secp256k1PublicKey(bytes: candidate)
            } catch let error as ChainSignerError {
                #expect(error.code.name == "invalid_public_key")
            }
        }
    }

    @Test("NEAR's secp256k1:<base58> form parses and prints")
    func nearFormat() throws {
        let key = try Secp256k1PublicKey(bytes: bytes(generatorCompressed))
        let near = "secp256k1:3SB8tA9Kbn7FBtT6GWR6AJk73QceudisHaGThPoLCDgC9tan7d3cwZFiDZtrmhSAf8aTynEdQ3N7KXhMm3nWhekP"
        #expect(key.nearFormat == near)
        #expect(try Secp256k1PublicKey(nearFormat: near) == key)
        for bad in ["ed25519:" + near.dropFirst(10), String(near.dropLast()), near + "1", "secp256k1:", "secp256k1:0OIl"] {
            #expect(throws: ChainSignerError.self, "\(bad)") { try Secp256k1PublicKey(nearFormat: bad) }
        }
        // 64 bytes that are not a point.
        #expect(throws: ChainSignerError.self) {
            try Secp256k1PublicKey(nearFormat: "secp256k1:" + Base58.encode([UInt8](repeating: 0x11, count: 64)))
        }
    }

    @Test("scalar range checks follow the group order")
    func scalars() {
        let order = Secp256k1.order
        #expect(order.hexString == "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
        #expect(!Secp256k1.isValidScalar(scalar(0)))
        #expect(Secp256k1.isValidScalar(scalar(1)))
        #expect(Secp256k1.isValidScalar(subtract(order, scalar(1))))
        #expect(!Secp256k1.isValidScalar(order))
        #expect(!Secp256k1.isValidScalar(increment(order)))
        #expect(!Secp256k1.isValidScalar([UInt8](repeating: 0xff, count: 32)))
        #expect(!Secp256k1.isValidScalar([UInt8](repeating: 0x01, count: 31)))
        #expect(!Secp256k1.isValidScalar([UInt8](repeating: 0x01, count: 33)))
        #expect(Secp256k1.isBelowOrder(scalar(0)))
        #expect(!Secp256k1.isBelowOrder(order))
    }

    @Test("low s means 1 ≤ s ≤ ⌊n/2⌋")
    func lowS() {
        let half = Secp256k1.halfOrder
        #expect(subtract(Secp256k1.order, half) == increment(half))  // n = 2·half + 1
        #expect(Secp256k1.isLowS(half))
        #expect(Secp256k1.isLowS(scalar(1)))
        #expect(!Secp256k1.isLowS(increment(half)))
        #expect(!Secp256k1.isLowS(scalar(0)))
        #expect(!Secp256k1.isLowS(subtract(Secp256k1.order, scalar(1))))
        #expect(!Secp256k1.isLowS(Array(half.dropFirst())))
    }

    @Test("a signature recovers to its signer; its high-s twin recovers too, and is detected")
    func recoveryRoundTrip() throws {
        for label in 1...20 {
            let secret = Array(SHA256Digest.of("chainmail-tests/secp256k1/\(label)"))
            let digest = Array(SHA256Digest.of("message \(label)"))
            let signature = try Secp256k1.sign(digest: digest, secretKey: secret)
            let key = try Secp256k1PublicKey(secretKey: secret)
            #expect(Secp256k1.isLowS(signature.s))
            #expect(try Secp256k1.recover(digest: digest, signature: signature) == key)

            let twin = RecoverableSignature(r: signature.r, s: subtract(Secp256k1.order, signature.s), v: signature.v ^ 1)
            #expect(!Secp256k1.isLowS(twin.s))
            #expect(try Secp256k1.recover(digest: digest, signature: twin) == key)

            var otherDigest = digest
            otherDigest[0] ^= 1
            #expect(try Secp256k1.recover(digest: otherDigest, signature: signature) != key)
            let flipped = RecoverableSignature(r: signature.r, s: signature.s, v: signature.v ^ 1)
            #expect((try? Secp256k1.recover(digest: digest, signature: flipped)) != key)
        }
    }

    @Test("signing is deterministic (RFC 6979) and refuses bad secrets and digests")
    func signing() throws {
        let secret = scalar(7)
        let digest = [UInt8](repeating: 0xab, count: 32)
        #expect(try Secp256k1.sign(digest: digest, secretKey: secret) == Secp256k1.sign(digest: digest, secretKey: secret))
        for badSecret in [scalar(0), Secp256k1.order, [UInt8](repeating: 1, count: 31)] {
            #expect(throws: ChainSignerError.invalidSecretKey("a secret key is 32 bytes in 1…n−1")) {
                try Secp256k1.sign(digest: digest, secretKey: badSecret)
            }
        }
        #expect(throws: ChainSignerError.self) { try Secp256k1.sign(digest: Array(digest.dropLast()), secretKey: secret) }
    }

    @Test("recovery refuses malformed signatures with invalid_signature")
    func malformed() throws {
        let digest = [UInt8](repeating: 0x42, count: 32)
        let good = try Secp256k1.sign(digest: digest, secretKey: scalar(9))
        let cases: [RecoverableSignature] = [
            RecoverableSignature(r: good.r, s: good.s, v: 2),
            RecoverableSignature(r: good.r, s: good.s, v: 27),
            RecoverableSignature(r: scalar(0), s: good.s, v: good.v),
            RecoverableSignature(r: good.r, s: scalar(0), v: good.v),
            RecoverableSignature(r: Secp256k1.order, s: good.s, v: good.v),
            RecoverableSignature(r: good.r, s: Secp256k1.order, v: good.v),
            RecoverableSignature(r: Array(good.r.dropFirst()), s: good.s, v: good.v),
            RecoverableSignature(r: good.r, s: good.s + [0], v: good.v),
        ]
        for signature in cases {
            do {
                _ = try Secp256k1.recover(digest: digest, signature: signature)
                Issue.record("accepted \(signature)")
            } catch let error as ChainSignerError {
                #expect(error.code.name == "invalid_signature", "\(signature)")
            }
        }
        #expect(throws: ChainSignerError.self) { try Secp256k1.recover(digest: Array(digest.dropLast()), signature: good) }
    }

    @Test("signatures encode as {r, s, v} with lowercase hex, and decode strictly")
    func codable() throws {
        let signature = RecoverableSignature(r: scalar(0xab), s: scalar(0xcd), v: 1)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(signature), as: UTF8.self)
        #expect(json == #"{"r":"\#(scalar(0xab).hexString)","s":"\#(scalar(0xcd).hexString)","v":1}"#)
        let upperCase = #"{"v":1,"s":"\#(scalar(0xcd).hexString.uppercased())","r":"\#(scalar(0xab).hexString.uppercased())"}"#
        #expect(try JSONDecoder().decode(RecoverableSignature.self, from: Data(upperCase.utf8)) == signature)
        let zeros = String(repeating: "0", count: 64)
        for bad in [
            #"{"r":"\#(zeros)","s":"\#(zeros)","v":2}"#,
            #"{"r":"\#(zeros.dropLast(2))","s":"\#(zeros)","v":0}"#,
            #"{"r":"0x\#(zeros.dropLast(2))","s":"\#(zeros)","v":0}"#,
            #"{"r":"\#(zeros)","s":"\#(zeros)"}"#,
            #"{"r":"\#(zeros)","s":"\#(zeros)","v":-1}"#,
        ] {
            #expect(throws: DecodingError.self, "\(bad)") { try JSONDecoder().decode(RecoverableSignature.self, from: Data(bad.utf8)) }
        }
    }
}

/// SHA-256 of a label, the way the shared vectors make test keys.
enum SHA256Digest {
    static func of(_ label: String) -> [UInt8] {
        Array(Crypto.SHA256.hash(data: Array(label.utf8)))
    }
}
