import ChainSigner
import ChainTransactions

/// What planning a chain transaction needs beyond the account (PROTOCOL.md section 8): the
/// configured chains, and the root key the `from` addresses are derived from.
struct ChainContext: Sendable {
    let chains: ChainRegistry
    let predecessor: String
    /// Nil when the transaction has no chain transaction (the root key is then not asked for).
    let rootPublicKey: Secp256k1PublicKey?

    /// The public key derived for `derivationPath`.
    func derivedKey(derivationPath: String) throws(EngineError) -> Secp256k1PublicKey {
        guard let rootPublicKey else { throw EngineError(.internalError, message: "the root public key was not read for a chain transaction") }
        do {
            let tweak = try NearKeyDerivation.tweak(predecessor: predecessor, path: derivationPath)
            return try NearKeyDerivation.derivePublicKey(root: rootPublicKey, tweak: tweak)
        } catch let error as ChainSignerError {
            throw EngineError(error.code, message: error.message)
        } catch {
            throw EngineError(.derivationFailed, message: "\(error)")
        }
    }

    /// Refuses an EVMTransaction whose `from` is not the address derived for `derivationPath`
    /// (the chain is checked by `Transaction.checkChains`).
    func check(_ transaction: EVMTransaction, derivationPath: String) throws(EngineError) {
        let derived = ChainAddress.evm(try derivedKey(derivationPath: derivationPath))
        guard derived == transaction.from.lowercaseHex else {
            throw EngineError(
                .fromMismatch,
                message: "from \(transaction.from.checksummed) is not the address derived for \(quoted(derivationPath)): \(derived)"
            )
        }
    }

    /// Refuses a BitcoinTransaction whose `from` is not the P2WPKH address, on its network, of the
    /// key derived for `derivationPath`.
    func check(_ transaction: BitcoinTransaction, derivationPath: String) throws(EngineError) {
        let key = try derivedKey(derivationPath: derivationPath)
        let derived = ChainAddress.bitcoinP2WPKH(key, humanReadablePart: transaction.network.bech32Prefix)
        guard derived == transaction.from else {
            throw EngineError(
                .fromMismatch,
                message:
                    "from \(transaction.from) is not the \(transaction.network.displayName) address derived for \(quoted(derivationPath)): \(derived)"
            )
        }
    }
}

extension AccountEngine {
    /// The chain context of `transaction`, its chains checked: the root key is read only when one
    /// of its actions needs it.
    func chainContext(for transaction: Transaction) async throws(EngineError) -> ChainContext {
        try transaction.checkChains(chains)
        guard !transaction.evmTransactions.isEmpty || !transaction.bitcoinTransactions.isEmpty else {
            return ChainContext(chains: chains, predecessor: signer.predecessor, rootPublicKey: nil)
        }
        do {
            return ChainContext(chains: chains, predecessor: signer.predecessor, rootPublicKey: try await signer.rootPublicKey())
        } catch let error as ChainSignerError where !error.isTemporary {
            throw EngineError(error.code, message: error.message)
        } catch {
            throw .signerUnavailable("the root public key could not be read: \(error)")
        }
    }
}
