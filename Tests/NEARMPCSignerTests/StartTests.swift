import ChainSigner
import ChainmailTestSupport
import ErrorCodes
import Logging
import NEARClient
import NEARMPCSigner
import Testing

@Suite("near-mpc signer start-up checks")
struct StartTests {
    @Test("start accepts a full-access key of the predecessor and a pinned root key equal to the contract's")
    func startSucceeds() async throws {
        try await MPCStandIn.with { standIn in
            let signer = try standIn.signer()
            try await signer.start()
            #expect(try await signer.rootPublicKey().nearFormat == standIn.rootPublicKey)
            #expect(signer.isRemote)
            #expect(signer.predecessor == MPCStandIn.predecessor)
        }
    }

    @Test("a key file for another account than the predecessor is invalid_configuration, naming both")
    func keyFileOfAnotherAccount() async throws {
        try await MPCStandIn.with { standIn in
            try standIn.writeKeyFile("other.json", account: "someone-else.testnet", keyPair: standIn.fullAccess)
            let signer = try standIn.signer(try standIn.configuration(keyFile: "other.json"))
            let error = try await #require(throws: ChainSignerError.self) { try await signer.start() }
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.contains("someone-else.testnet"))
            #expect(error.message.contains(MPCStandIn.predecessor))
            #expect(!error.isTemporary)
        }
    }

    @Test("a pinned root key other than the contract's public_key is signer_root_key_mismatch, naming both keys")
    func wrongPinnedRootKey() async throws {
        try await MPCStandIn.with { standIn in
            let actual = try Secp256k1PublicKey(nearFormat: standIn.rootPublicKey)
            let other = try NearKeyDerivation.derivePublicKey(
                root: actual,
                tweak: try NearKeyDerivation.tweak(predecessor: "x", path: "y")
            )
            let signer = try standIn.signer(try standIn.configuration(rootPublicKey: other.nearFormat))
            let error = try await #require(throws: ChainSignerError.self) { try await signer.start() }
            #expect(error.code == .signerRootKeyMismatch)
            #expect(error.message.contains(other.nearFormat))
            #expect(error.message.contains(standIn.rootPublicKey))
            #expect(!error.isTemporary)
            // Nothing was signed or sent.
            #expect(try await standIn.count("transactions_received") == 0)
        }
    }

    @Test("a function-call key of the predecessor is near_key_not_authorised")
    func functionCallKey() async throws {
        try await MPCStandIn.with { standIn in
            let signer = try standIn.signer(try standIn.configuration(keyFile: "function-call.json"))
            let error = try await #require(throws: ChainSignerError.self) { try await signer.start() }
            #expect(error.code == .nearKeyNotAuthorised)
            #expect(!error.isTemporary)
        }
    }

    @Test("signGas outside 10…300 Tgas is invalid_configuration")
    func signGasBounds() throws {
        let tera = NEARMPCSignerConfiguration.teraGas
        for gas in [0, 10 * tera - 1, 300 * tera + 1] {
            let error = try #require(throws: ChainSignerError.self) {
                try NEARMPCSignerConfiguration(
                    rpcURL: "http://127.0.0.1:1",
                    keyFile: "/nonexistent",
                    rootPublicKey: Self.someRootKey,
                    predecessor: MPCStandIn.predecessor,
                    signGas: gas
                )
            }
            #expect(error.code == .invalidConfiguration)
        }
        for gas in [10 * tera, 300 * tera] {
            let configuration = try NEARMPCSignerConfiguration(
                rpcURL: "http://127.0.0.1:1",
                keyFile: "/nonexistent",
                rootPublicKey: Self.someRootKey,
                predecessor: MPCStandIn.predecessor,
                signGas: gas
            )
            #expect(configuration.signGas == gas)
            #expect(configuration.mpcContract == "v1.signer-prod.testnet")
        }
    }

    @Test("a root key that is not secp256k1:<base58 of 64 bytes> is invalid_configuration")
    func unreadableRootKey() throws {
        let error = try #require(throws: ChainSignerError.self) {
            try NEARMPCSignerConfiguration(
                rpcURL: "http://127.0.0.1:1",
                keyFile: "/nonexistent",
                rootPublicKey: "ed25519:11111111111111111111111111111111",
                predecessor: MPCStandIn.predecessor
            )
        }
        #expect(error.code == .invalidConfiguration)
    }

    @Test("an RPC that cannot be reached at start is signer_unavailable, temporary, with the cause")
    func unreachableRPC() async throws {
        try await MPCStandIn.with { standIn in
            var configuration = try standIn.configuration()
            configuration.rpcURL = "http://127.0.0.1:1"
            configuration.requestTimeout = .seconds(2)
            let error = try await #require(throws: ChainSignerError.self) { try await standIn.signer(configuration).start() }
            #expect(error.code == .signerUnavailable)
            #expect(error.isTemporary)
            #expect(error.message.contains("near_rpc_unavailable"))
        }
    }

    /// A valid key in NEAR's form (the generator point G, base58 of X ‖ Y).
    static let someRootKey =
        "secp256k1:" + "3SB8tA9Kbn7FBtT6GWR6AJk73QceudisHaGThPoLCDgC9tan7d3cwZFiDZtrmhSAf8aTynEdQ3N7KXhMm3nWhekP"
}
