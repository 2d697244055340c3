import ChainTransactions

/// The signatures one action asks the signer for, all by the key derived for one path: a
/// CallChainSig's payload; the EIP-1559 payload of an EVMTransaction, which the signature then
/// completes into a signed transaction; or one BIP-143 hash per input of a BitcoinTransaction.
public struct SignatureRequest: Sendable, Hashable {
    public enum Purpose: Sendable, Hashable {
        case callChainSig
        case evmTransaction(EVMTransaction)
        case bitcoinTransaction(BitcoinTransaction)
    }

    /// What is signed, in order: one signature each.
    public let payloads: [[UInt8]]
    /// The full path: the authTarget's identity path, a comma, the action's path (section 4 step 6).
    public let derivationPath: String
    public let purpose: Purpose

    init(callChainSig payload: [UInt8], derivationPath: String) {
        self.payloads = [payload]
        self.derivationPath = derivationPath
        self.purpose = .callChainSig
    }

    init(evm transaction: EVMTransaction, derivationPath: String) {
        self.payloads = [transaction.signingPayload]
        self.derivationPath = derivationPath
        self.purpose = .evmTransaction(transaction)
    }

    init(bitcoin transaction: BitcoinTransaction, derivationPath: String) {
        self.payloads = transaction.signingPayloads
        self.derivationPath = derivationPath
        self.purpose = .bitcoinTransaction(transaction)
    }

    /// The action's result once its signatures (one per payload, in order) are in.
    func result(_ signatures: some Collection<ChainSignatureResult>) -> ActionResult {
        precondition(signatures.count == payloads.count, "one signature per payload")
        switch purpose {
        case .callChainSig: return .callChainSig(signatures.first!)
        case .evmTransaction(let transaction): return .evmTransaction(EVMTransactionResult(transaction: transaction, signature: signatures.first!))
        case .bitcoinTransaction(let transaction):
            return .bitcoinTransaction(BitcoinTransactionResult(transaction: transaction, signatures: Array(signatures)))
        }
    }
}

extension Sequence<SignatureRequest> {
    /// Each request with its share of `signatures` (all the requests' signatures, in order), until
    /// they run out.
    func pairing(_ signatures: [ChainSignatureResult]) -> [(request: SignatureRequest, signatures: ArraySlice<ChainSignatureResult>)] {
        var remaining = signatures[...]
        var pairs: [(SignatureRequest, ArraySlice<ChainSignatureResult>)] = []
        for request in self {
            guard remaining.count >= request.payloads.count else { break }
            pairs.append((request, remaining.prefix(request.payloads.count)))
            remaining = remaining.dropFirst(request.payloads.count)
        }
        return pairs
    }
}
