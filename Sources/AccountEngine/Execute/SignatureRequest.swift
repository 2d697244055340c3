import ChainTransactions

/// One signature an execution asks the signer for: a CallChainSig's payload, or the EIP-1559
/// payload of an EVMTransaction, which the signature then completes into a signed transaction.
public struct SignatureRequest: Sendable, Hashable {
    public enum Purpose: Sendable, Hashable {
        case callChainSig
        case evmTransaction(EVMTransaction)
    }

    public let payload: [UInt8]
    /// The full path: the authTarget's identity path, a comma, the action's path (section 4 step 6).
    public let derivationPath: String
    public let purpose: Purpose

    init(callChainSig payload: [UInt8], derivationPath: String) {
        self.payload = payload
        self.derivationPath = derivationPath
        self.purpose = .callChainSig
    }

    init(evm transaction: EVMTransaction, derivationPath: String) {
        self.payload = transaction.signingPayload
        self.derivationPath = derivationPath
        self.purpose = .evmTransaction(transaction)
    }

    /// The action's result once `signature` is in.
    func result(_ signature: ChainSignatureResult) -> ActionResult {
        switch purpose {
        case .callChainSig: .callChainSig(signature)
        case .evmTransaction(let transaction): .evmTransaction(EVMTransactionResult(transaction: transaction, signature: signature))
        }
    }
}
