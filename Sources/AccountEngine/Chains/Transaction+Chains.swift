import ChainTransactions

extension Transaction {
    /// The EVM transactions among the actions.
    public var evmTransactions: [EVMTransaction] {
        actions.compactMap { action in
            guard case .evmTransaction(let transaction) = action else { return nil }
            return transaction
        }
    }

    /// The Bitcoin transactions among the actions.
    public var bitcoinTransactions: [BitcoinTransaction] {
        actions.compactMap { action in
            guard case .bitcoinTransaction(let transaction) = action else { return nil }
            return transaction
        }
    }

    /// Refuses a chain transaction on a chain that is not configured (`chain_unknown`): the
    /// check that needs no key, made when a transaction is prepared, summarised or executed.
    public func checkChains(_ chains: ChainRegistry) throws(EngineError) {
        for transaction in evmTransactions where chains.evmChain(transaction.chainId) == nil {
            throw .chainUnknown(transaction.chainId)
        }
    }
}

extension EngineError {
    /// `chain_unknown`: the chainId is not a configured chain (built in or in `chains.evm`).
    static func chainUnknown(_ chainId: UInt64) -> EngineError {
        EngineError(.chainUnknown, message: "chain \(chainId) is not a configured chain")
    }
}
