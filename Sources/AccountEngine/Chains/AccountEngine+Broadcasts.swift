import ChainTransactions
import Foundation

extension AccountEngine {
    /// The signed chain transactions among `results` that chainmail sends: those on a chain with
    /// an `rpcURL` (PROTOCOL.md section 8.4), recorded `pending` with the execution.
    /// `results` pairs each result with its action's place.
    func broadcasts(of results: some Sequence<(offset: Int, element: ActionResult)>, txHash: String, at recordedAt: Date) -> [Broadcast] {
        results.compactMap { index, result in
            guard case .evmTransaction(let evm) = result, chains.evmChain(evm.transaction.chainId)?.rpcURL != nil else { return nil }
            return Broadcast(
                txHash: txHash,
                actionIndex: index,
                chainId: evm.transaction.chainId,
                signedTransaction: evm.signedTransaction,
                transactionHash: "0x" + evm.transactionHash.hexString,
                recordedAt: recordedAt
            )
        }
    }

    /// The broadcasts of `txHash`, in action order (GET /v1/transactions/{txHash} `broadcasts`).
    public func broadcasts(txHash: String) async throws(EngineError) -> [Broadcast] {
        guard let store = store as? any BroadcastStore else { return [] }
        return try await storeCall { try await store.broadcasts(txHash: txHash.lowercased()) }
    }
}
