import ChainSigner
import Foundation
import Logging
import NEARClient

extension NEARMPCSigner {
    /// The checks of `start()`, and the session they establish.
    static func open(configuration: NEARMPCSignerConfiguration, client: NEARRPCClient, logger: Logger) async throws -> Session {
        let credentials: NEARCredentials
        do {
            credentials = try NEARCredentials(contentsOf: URL(fileURLWithPath: configuration.keyFile))
        } catch {
            throw ChainSignerError(code: error.code, message: "near-mpc: near.keyFile \(configuration.keyFile): \(error.message)")
        }
        guard credentials.accountId == configuration.predecessor else {
            throw ChainSignerError(
                code: .invalidConfiguration,
                message:
                    "near-mpc: the key file \(configuration.keyFile) is for account \(credentials.accountId), but predecessor is \(configuration.predecessor): the signature requests must come from the predecessor, whose full-access key the file must hold"
            )
        }
        let contractKey = try await contractPublicKey(configuration: configuration, client: client)
        guard contractKey == configuration.rootPublicKey else {
            throw ChainSignerError.rootKeyMismatch(
                "near-mpc: the pinned signer.rootPublicKey \(configuration.rootPublicKey.nearFormat) differs from the public_key of \(configuration.mpcContract), \(contractKey.nearFormat)"
            )
        }
        let publicKey = credentials.keyPair.publicKey
        let accessKey: NEARAccessKey
        do {
            accessKey = try await client.viewAccessKey(account: configuration.predecessor, publicKey: publicKey)
            try accessKey.requireFullAccess(account: configuration.predecessor, publicKey: publicKey)
        } catch {
            throw signerError(error, while: "checking the key of \(configuration.predecessor)")
        }
        logger.info(
            "near-mpc signer ready",
            metadata: [
                "predecessor": "\(configuration.predecessor)", "contract": "\(configuration.mpcContract)", "key": "\(publicKey)",
                "nonce": "\(accessKey.nonce)",
            ]
        )
        let (account, rpc) = (configuration.predecessor, client)
        return Session(
            credentials: credentials,
            nonces: NEARNonceTracker(knownNonce: accessKey.nonce) {
                try await rpc.viewAccessKey(account: account, publicKey: publicKey).nonce
            },
            blocks: NEARBlockHashCache { try await rpc.block(finality: .final) }
        )
    }

    /// The contract's `public_key` view: the JSON string `"secp256k1:<base58>"`.
    private static func contractPublicKey(
        configuration: NEARMPCSignerConfiguration,
        client: NEARRPCClient
    ) async throws
        -> Secp256k1PublicKey
    {
        let value: [UInt8]
        do {
            value = try await client.callFunction(account: configuration.mpcContract, method: "public_key", argsJSON: Array("{}".utf8))
        } catch {
            throw signerError(error, while: "reading the public_key of \(configuration.mpcContract)")
        }
        let text = try? JSONSerialization.jsonObject(with: Data(value), options: [.fragmentsAllowed]) as? String
        guard let text, let key = try? Secp256k1PublicKey(nearFormat: text) else {
            throw ChainSignerError.rootKeyMismatch(
                "near-mpc: the public_key of \(configuration.mpcContract) is not a secp256k1 key: \(String(decoding: value.prefix(200), as: UTF8.self))"
            )
        }
        return key
    }
}
