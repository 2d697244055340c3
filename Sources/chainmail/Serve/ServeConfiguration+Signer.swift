import AccountEngine
import AsyncHTTPClient
import ChainSigner
import Logging
import NEARMPCSigner

extension ServeConfiguration {
    /// The signer `signer.kind` names: the local one from the data directory, or the near-mpc
    /// signer, started here (PROTOCOL.md section 6). A near-mpc start-up refusal (a key file of
    /// another account, a root key the contract does not have, a key that is not full-access)
    /// stops serve with exit status 78; a NEAR RPC that does not answer yet does not (the signer
    /// starts on its first request, and /readyz tells).
    ///
    /// `@inline(never)`: a typed-throws chain inlined into this async command crashes Swift 6.3's
    /// release optimiser (see `OIDCCommand.registry`).
    @inline(never)
    func makeSigner(httpClient: HTTPClient, logger: Logger) async throws -> any Signer {
        switch signer.kind {
        case .local:
            if let rootKeyFile = signer.rootKeyFile {
                return try LocalSigner(rootKeyFile: rootKeyFile, predecessor: predecessor)
            }
            return try LocalSigner(dataDirectory: dataDirectory, predecessor: predecessor)
        case .nearMPC:
            let configuration = try nearMPCConfiguration(predecessor: predecessor)
            let nearSigner = NEARMPCSigner(configuration: configuration, httpClient: httpClient, logger: Logger(label: "chainmail.near-mpc"))
            do {
                try await nearSigner.start()
            } catch let error as ChainSignerError where error.isTemporary {
                logger.warning("near-mpc signer not started yet: \(error); it starts on the first signature")
            } catch let error as ChainSignerError {
                exitWithConfigurationProblems(["signer (near-mpc): \(error.code): \(error.message)"])
            }
            logger.info(
                "near-mpc signer",
                metadata: ["predecessor": "\(predecessor)", "contract": "\(configuration.mpcContract)", "rpc": "\(configuration.rpcURL)"]
            )
            return nearSigner
        }
    }

    /// The near-mpc signer's settings (`offlineProblems` has made sure they are present and well
    /// formed; a missing one is refused here as `invalid_configuration`).
    func nearMPCConfiguration(predecessor: String) throws -> NEARMPCSignerConfiguration {
        try NEARMPCSignerConfiguration(
            rpcURL: near?.rpcURL ?? "",
            keyFile: near?.keyFile ?? "",
            rootPublicKey: signer.rootPublicKey ?? "",
            predecessor: predecessor,
            mpcContract: near?.mpcContract ?? NEARMPCSignerConfiguration.defaultMPCContract,
            signGas: near?.signGas ?? NEARMPCSignerConfiguration.defaultSignGas,
            requestTimeout: .seconds(near?.requestTimeoutSeconds ?? NEARSettings.defaultRequestTimeoutSeconds)
        )
    }
}
