import ChainmailTestSupport
import Foundation
import Testing

/// The public test vectors of `testdata/vectors/`.
enum TestVectors {
    static func load<Vectors: Decodable>(_ name: String, as type: Vectors.Type) throws -> Vectors {
        let data = try Data(contentsOf: PackagePaths.vectors.appendingPathComponent(name))
        return try JSONDecoder().decode(Vectors.self, from: data)
    }

    static func nearKDF() throws -> NearKDFVectors { try load("near-kdf.json", as: NearKDFVectors.self) }
    static func keccak256() throws -> Keccak256Vectors { try load("keccak256.json", as: Keccak256Vectors.self) }
}

struct Keccak256Vectors: Decodable {
    struct Case: Decodable, CustomTestStringConvertible {
        var description: String
        var length: Int
        var inputHex: String
        var keccak256: String
        var sha3_256_NOT_this: String
        var evmAddress: String?
        var testDescription: String { description }
    }
    var cases: [Case]
}

struct NearKDFVectors: Decodable {
    struct PublishedTweak: Decodable {
        var predecessor: String
        var path: String
        var tweak: String
    }
    struct PublishedTweaks: Decodable {
        var cases: [PublishedTweak]
    }
    struct PublishedDerivedKey: Decodable {
        var predecessor: String
        var path: String
        var tweak: String
        var rootPublicKeyCompressed: String
        var rootPublicKeyUncompressed: String
        var rootPublicKeyNear: String
        var rootEvmAddress: String
        var rootBtcHash160: String
        var rootBtcP2wpkhMainnet: String
        var rootBtcP2wpkhTestnet: String
        var derivedPublicKeyCompressed: String
        var derivedPublicKeyUncompressed: String
        var derivedPublicKeyNear: String
        var derivedEvmAddress: String
        var derivedBtcHash160: String
        var derivedBtcP2wpkhMainnet: String
        var derivedBtcP2wpkhTestnet: String
    }
    struct AddressExample: Decodable {
        var secret: String
        var publicKeyCompressed: String
        var publicKeyUncompressed: String
        var publicKeyNear: String
        var evmAddress: String
        var btcHash160: String
        var btcP2wpkhMainnet: String
        var btcP2wpkhTestnet: String
    }
    struct Signature: Decodable, Equatable {
        var r: String
        var s: String
        var v: UInt8
    }
    struct Result: Decodable {
        var type: String
        var derivationPath: String
        var publicKey: String
        var address: String
        var signature: Signature
    }
    struct MPCResponse: Decodable {
        struct BigR: Decodable { var affine_point: String }
        struct Scalar: Decodable { var scalar: String }
        var big_r: BigR
        var s: Scalar
        var recovery_id: UInt8
    }
    struct LocalSignerCase: Decodable, CustomTestStringConvertible {
        var name: String
        var rootSecretLabel: String
        var rootSecret: String
        var rootPublicKeyCompressed: String
        var rootPublicKeyUncompressed: String
        var rootPublicKeyNear: String
        var predecessor: String
        var identityPath: String
        var userPath: String
        var derivationPath: String
        var derivationPathUtf8Hex: String
        var tweak: String
        var derivedSecret: String
        var derivedPublicKeyCompressed: String
        var derivedPublicKeyUncompressed: String
        var derivedPublicKeyNear: String
        var derivedEvmAddress: String
        var derivedBtcHash160: String
        var derivedBtcP2wpkhMainnet: String
        var derivedBtcP2wpkhTestnet: String
        var payload: String
        var signature: Signature
        var result: Result
        var mpcResponse: MPCResponse
        var testDescription: String { name }
    }
    struct LocalSigner: Decodable {
        var cases: [LocalSignerCase]
    }

    var publishedTweaks: PublishedTweaks
    var publishedDerivedKeys: [PublishedDerivedKey]
    var addressExamples: [AddressExample]
    var localSigner: LocalSigner
}
