import ChainSigner
import Foundation
import Testing

@Suite("Local signer")
struct LocalSignerTests {
    @Test(
        "reproduces every local-signer vector: keys, tweak, derived secret, addresses and the RFC 6979 signature",
        arguments: try TestVectors.nearKDF().localSigner.cases
    )
    func vector(_ vector: NearKDFVectors.LocalSignerCase) async throws {
        let rootSecret = try bytes(vector.rootSecret)
        #expect(rootSecret == SHA256Digest.of(vector.rootSecretLabel))
        #expect(vector.derivationPath == vector.identityPath + "," + vector.userPath)
        #expect(Array(vector.derivationPath.utf8).hexString == vector.derivationPathUtf8Hex)

        let signer = try LocalSigner(rootSecret: rootSecret, predecessor: vector.predecessor)
        let root = try await signer.rootPublicKey()
        #expect(root.compressed.hexString == vector.rootPublicKeyCompressed)
        #expect(root.uncompressed.hexString == vector.rootPublicKeyUncompressed)
        #expect(root.nearFormat == vector.rootPublicKeyNear)

        let tweak = try NearKeyDerivation.tweak(predecessor: vector.predecessor, path: vector.derivationPath)
        #expect(tweak.hexString == vector.tweak)
        let derivedSecret = try NearKeyDerivation.deriveSecret(root: rootSecret, tweak: tweak)
        #expect(derivedSecret.hexString == vector.derivedSecret)
        let derived = try NearKeyDerivation.derivePublicKey(root: root, tweak: tweak)
        #expect(derived.compressed.hexString == vector.derivedPublicKeyCompressed)
        #expect(derived.uncompressed.hexString == vector.derivedPublicKeyUncompressed)
        #expect(derived.nearFormat == vector.derivedPublicKeyNear)
        #expect(try Secp256k1PublicKey(secretKey: derivedSecret) == derived)
        #expect(try await signer.derivedPublicKey(derivationPath: vector.derivationPath) == derived)
        #expect(ChainAddress.evm(derived) == vector.derivedEvmAddress)
        #expect(ChainAddress.bitcoinHash160(derived).hexString == vector.derivedBtcHash160)
        #expect(ChainAddress.bitcoinP2WPKH(derived) == vector.derivedBtcP2wpkhMainnet)
        #expect(ChainAddress.bitcoinP2WPKH(derived, humanReadablePart: "tb") == vector.derivedBtcP2wpkhTestnet)

        let payload = try bytes(vector.payload)
        let signed = try await signer.sign(payload: payload, derivationPath: vector.derivationPath)
        #expect(signed.derivationPath == vector.derivationPath)
        #expect(signed.publicKey == derived)
        #expect(signed.signature.r.hexString == vector.signature.r)
        #expect(signed.signature.s.hexString == vector.signature.s)
        #expect(signed.signature.v == vector.signature.v)
        #expect(try Secp256k1.sign(digest: payload, secretKey: derivedSecret) == signed.signature)

        // The section-4 result object and the near-mpc answer shape carry the same values.
        #expect(vector.result.type == "CallChainSig")
        #expect(vector.result.derivationPath == signed.derivationPath)
        #expect(vector.result.publicKey == signed.publicKey.compressed.hexString)
        #expect(vector.result.address == ChainAddress.evm(signed.publicKey))
        let encoded = try JSONDecoder().decode(NearKDFVectors.Signature.self, from: JSONEncoder().encode(signed.signature))
        #expect(encoded == vector.result.signature)
        #expect(vector.mpcResponse.big_r.affine_point.dropFirst(2) == vector.signature.r[...])
        #expect(vector.mpcResponse.s.scalar == vector.signature.s)
        #expect(vector.mpcResponse.recovery_id == signed.signature.v)

        #expect(try Secp256k1.recover(digest: payload, signature: signed.signature) == derived)
        #expect(Secp256k1.isLowS(signed.signature.s))
    }

    @Test("a root secret read from the data directory signs exactly as the vector says")
    func vectorFromFile() async throws {
        let vector = try #require(try TestVectors.nearKDF().localSigner.cases.first)
        try await withTemporaryDirectory { dataDirectory in
            let signerDirectory = dataDirectory + "/signer"
            try FileManager.default.createDirectory(atPath: signerDirectory, withIntermediateDirectories: false)
            try setPermissions(0o700, of: signerDirectory)
            let keyPath = signerDirectory + "/root.key"
            #expect(FileManager.default.createFile(atPath: keyPath, contents: Data(try bytes(vector.rootSecret))))
            try setPermissions(0o600, of: keyPath)

            let signer = try LocalSigner(dataDirectory: dataDirectory, predecessor: vector.predecessor)
            #expect(try await signer.rootPublicKey().compressed.hexString == vector.rootPublicKeyCompressed)
            let signed = try await signer.sign(payload: bytes(vector.payload), derivationPath: vector.derivationPath)
            #expect(signed.signature.r.hexString == vector.signature.r)
            #expect(signed.signature.s.hexString == vector.signature.s)
            #expect(signed.signature.v == vector.signature.v)
        }
    }

    @Test("payloads at or above n are refused with payload_out_of_range; n − 1 and 0 are signed")
    func payloadRange() async throws {
        let signer = try LocalSigner(rootSecret: scalar(3), predecessor: "chainmail.testnet")
        for payload in [Secp256k1.order, increment(Secp256k1.order), [UInt8](repeating: 0xff, count: 32)] {
            await #expect(throws: ChainSignerError.payloadOutOfRange("the payload is not below the secp256k1 group order n")) {
                try await signer.sign(payload: payload, derivationPath: "p")
            }
        }
        for payload in [[UInt8](), scalar(1).dropLast(), scalar(1) + [0]] {
            await #expect(throws: ChainSignerError.self) { try await signer.sign(payload: Array(payload), derivationPath: "p") }
        }
        for payload in [subtract(Secp256k1.order, scalar(1)), scalar(0)] {
            let signed = try await signer.sign(payload: payload, derivationPath: "p")
            #expect(try Secp256k1.recover(digest: payload, signature: signed.signature) == signed.publicKey)
        }
    }

    @Test("different paths give different keys; the same path and payload give the same signature")
    func determinism() async throws {
        let signer = try LocalSigner(rootSecret: scalar(3), predecessor: "chainmail.testnet")
        let payload = [UInt8](repeating: 0x5a, count: 32)
        let first = try await signer.sign(payload: payload, derivationPath: "a")
        #expect(try await signer.sign(payload: payload, derivationPath: "a") == first)
        let other = try await signer.sign(payload: payload, derivationPath: "b")
        #expect(other.publicKey != first.publicKey)
        let otherPredecessor = try LocalSigner(rootSecret: scalar(3), predecessor: "other.testnet")
        #expect(try await otherPredecessor.sign(payload: payload, derivationPath: "a").publicKey != first.publicKey)
    }

    @Test("signing from many tasks at once gives the same signatures as signing one by one")
    func concurrentSigning() async throws {
        let signer = try LocalSigner(rootSecret: scalar(11), predecessor: "chainmail.testnet")
        let requests = (0..<64).map { index in (SHA256Digest.of("payload \(index)"), "path/\(index % 4)") }
        let sequential = try requests.map { try signer.signSynchronously(payload: $0.0, derivationPath: $0.1) }
        let concurrent = try await withThrowingTaskGroup(of: (Int, DerivedSignature).self) { group in
            for (index, request) in requests.enumerated() {
                group.addTask { (index, try await signer.sign(payload: request.0, derivationPath: request.1)) }
            }
            return try await group.reduce(into: [Int: DerivedSignature]()) { $0[$1.0] = $1.1 }
        }
        #expect(concurrent.count == requests.count)
        for (index, signature) in sequential.enumerated() {
            #expect(concurrent[index] == signature)
        }
    }

    @Test("an invalid root secret is refused")
    func invalidRoot() {
        for secret in [scalar(0), Secp256k1.order, [UInt8](repeating: 1, count: 31)] {
            #expect(throws: ChainSignerError.self) { try LocalSigner(rootSecret: secret, predecessor: "p") }
        }
    }
}

@Suite("Local signer root key file")
struct RootKeyFileTests {
    @Test("the root key is created 0600 in a 0700 directory, and reused on the next start")
    func createdAndReused() async throws {
        try await withTemporaryDirectory { dataDirectory in
            let first = try LocalSigner(dataDirectory: dataDirectory, predecessor: "chainmail.testnet")
            let keyPath = dataDirectory + "/signer/root.key"
            #expect(try permissions(of: keyPath) == 0o600)
            #expect(try permissions(of: dataDirectory + "/signer") == 0o700)
            let contents = try Data(contentsOf: URL(fileURLWithPath: keyPath))
            #expect(contents.count == 32)
            #expect(Secp256k1.isValidScalar(Array(contents)))
            #expect(try await first.rootPublicKey() == Secp256k1PublicKey(secretKey: Array(contents)))
            #expect(try FileManager.default.contentsOfDirectory(atPath: dataDirectory + "/signer") == ["root.key"])

            let second = try LocalSigner(dataDirectory: dataDirectory, predecessor: "chainmail.testnet")
            #expect(try await second.rootPublicKey() == first.rootPublicKey())
            #expect(try Data(contentsOf: URL(fileURLWithPath: keyPath)) == contents)
        }
    }

    @Test("a missing data directory is created")
    func missingDataDirectory() async throws {
        try await withTemporaryDirectory { parent in
            let dataDirectory = parent + "/data"
            _ = try LocalSigner(dataDirectory: dataDirectory, predecessor: "p")
            #expect(FileManager.default.fileExists(atPath: dataDirectory + "/signer/root.key"))
        }
    }

    @Test("two signers starting at once on an empty directory end up with one root key", arguments: [8])
    func concurrentCreation(_ starters: Int) async throws {
        try await withTemporaryDirectory { dataDirectory in
            let keys = try await withThrowingTaskGroup(of: Secp256k1PublicKey.self) { group in
                for _ in 0..<starters {
                    group.addTask {
                        try await LocalSigner(dataDirectory: dataDirectory, predecessor: "p").rootPublicKey()
                    }
                }
                return try await group.reduce(into: Set<Secp256k1PublicKey>()) { $0.insert($1) }
            }
            #expect(keys.count == 1)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dataDirectory + "/signer") == ["root.key"])
        }
    }

    @Test("a root key readable by others is refused with root_key_permissions", arguments: [0o644, 0o640, 0o604, 0o660])
    func widePermissions(_ mode: Int) async throws {
        try await withTemporaryDirectory { dataDirectory in
            let original = try LocalSigner(dataDirectory: dataDirectory, predecessor: "p")
            let keyPath = dataDirectory + "/signer/root.key"
            let contents = try Data(contentsOf: URL(fileURLWithPath: keyPath))
            try setPermissions(mode, of: keyPath)
            try expectCode("root_key_permissions") { try LocalSigner(dataDirectory: dataDirectory, predecessor: "p") }
            // Refusing changes nothing on disk.
            #expect(try Data(contentsOf: URL(fileURLWithPath: keyPath)) == contents)
            #expect(try permissions(of: keyPath) == mode)

            try setPermissions(0o400, of: keyPath)
            #expect(try await LocalSigner(dataDirectory: dataDirectory, predecessor: "p").rootPublicKey() == original.rootPublicKey())
        }
    }

    @Test("a signer directory open to others is refused with root_key_permissions")
    func wideDirectory() async throws {
        try await withTemporaryDirectory { dataDirectory in
            _ = try LocalSigner(dataDirectory: dataDirectory, predecessor: "p")
            try setPermissions(0o755, of: dataDirectory + "/signer")
            try expectCode("root_key_permissions") { try LocalSigner(dataDirectory: dataDirectory, predecessor: "p") }
        }
    }

    @Test("a root key of the wrong size or not a valid secret is refused with root_key_invalid", arguments: [0, 31, 33, 64])
    func wrongSize(_ size: Int) async throws {
        try await withTemporaryDirectory { dataDirectory in
            try writeKey(Data(repeating: 0x11, count: size), in: dataDirectory)
            try expectCode("root_key_invalid") { try LocalSigner(dataDirectory: dataDirectory, predecessor: "p") }
            #expect(try Data(contentsOf: URL(fileURLWithPath: dataDirectory + "/signer/root.key")).count == size)
        }
    }

    @Test("a root key holding zero or a number ≥ n is refused with root_key_invalid")
    func invalidSecret() async throws {
        for contents in [scalar(0), Secp256k1.order] {
            try await withTemporaryDirectory { dataDirectory in
                try writeKey(Data(contents), in: dataDirectory)
                try expectCode("root_key_invalid") { try LocalSigner(dataDirectory: dataDirectory, predecessor: "p") }
            }
        }
    }

    @Test("a symbolic link in place of the root key is refused")
    func symbolicLink() async throws {
        try await withTemporaryDirectory { dataDirectory in
            try writeKey(Data(scalar(1)), in: dataDirectory, name: "elsewhere.key")
            try FileManager.default.createSymbolicLink(
                atPath: dataDirectory + "/signer/root.key",
                withDestinationPath: dataDirectory + "/signer/elsewhere.key"
            )
            try expectCode("root_key_permissions") { try LocalSigner(dataDirectory: dataDirectory, predecessor: "p") }
        }
    }

    @Test("a directory in place of the root key is refused")
    func directoryInPlace() async throws {
        try await withTemporaryDirectory { dataDirectory in
            try FileManager.default.createDirectory(atPath: dataDirectory + "/signer/root.key", withIntermediateDirectories: true)
            try setPermissions(0o700, of: dataDirectory + "/signer")
            try setPermissions(0o700, of: dataDirectory + "/signer/root.key")
            try expectCode("root_key_invalid") { try LocalSigner(dataDirectory: dataDirectory, predecessor: "p") }
        }
    }

    private func writeKey(_ contents: Data, in dataDirectory: String, name: String = "root.key") throws {
        let signerDirectory = dataDirectory + "/signer"
        try FileManager.default.createDirectory(atPath: signerDirectory, withIntermediateDirectories: true)
        try setPermissions(0o700, of: signerDirectory)
        let path = signerDirectory + "/" + name
        #expect(FileManager.default.createFile(atPath: path, contents: contents))
        try setPermissions(0o600, of: path)
    }
}

func expectCode<T>(_ code: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> T) throws {
    do {
        _ = try body()
        Issue.record("expected error \(code), got success", sourceLocation: sourceLocation)
    } catch let error as ChainSignerError {
        #expect(error.code.name == code, "\(error)", sourceLocation: sourceLocation)
    }
}
