import Foundation

extension Broadcaster {
    /// What one attempt makes of `broadcast`, and when it is due again (nil once final).
    func step(_ broadcast: Broadcast) async -> (Broadcast, Date?) {
        var next = broadcast
        let at = now()
        guard let rpcURL = chains.evmChain(broadcast.chainId)?.rpcURL else {
            next.status = .failed
            next.error = "chain \(broadcast.chainId) has no rpcURL in the configuration any more"
            return (next, nil)
        }
        let client = EVMRPCClient(url: rpcURL, httpClient: httpClient)
        do throws(ChainTransactionError) {
            if broadcast.status == .submitted, let receipt = try await client.transactionReceipt(broadcast.transactionHash) {
                return (Self.ended(next, receipt), nil)
            }
            if broadcast.status == .pending { try await send(broadcast, with: client) }
            next.status = .submitted
            next.error = nil
            return (next, at.addingTimeInterval(settings.receiptPollSeconds))
        } catch let error where !error.isTemporary {
            // Refused: maybe because it is already in the chain (sent before a restart).
            if let receipt = try? await client.transactionReceipt(broadcast.transactionHash) {
                return (Self.ended(next, receipt), nil)
            }
            next.status = .failed
            next.error = error.message
            return (next, nil)
        } catch {
            next.attempts += 1
            next.error = error.message
            if broadcast.status == .pending, at.timeIntervalSince(broadcast.recordedAt) > settings.giveUpSeconds {
                next.status = .failed
                next.error = "the node did not take the transaction within \(Int(settings.giveUpSeconds)) s: \(error.message)"
                return (next, nil)
            }
            let delay = min(settings.maximumRetrySeconds, 2 * pow(2, Double(min(next.attempts - 1, 20))))
            return (next, at.addingTimeInterval(delay))
        }
    }

    /// Sends the signed bytes; a node that already has them (sent before) counts as sent.
    private func send(_ broadcast: Broadcast, with client: EVMRPCClient) async throws(ChainTransactionError) {
        _ = try await client.sendRawTransaction(broadcast.signedTransaction)
    }

    private static func ended(_ broadcast: Broadcast, _ receipt: EVMReceipt) -> Broadcast {
        var ended = broadcast
        ended.status = receipt.succeeded ? .confirmed : .reverted
        ended.blockNumber = receipt.blockNumber
        ended.error = receipt.succeeded ? nil : "the transaction was mined in block \(receipt.blockNumber) and reverted"
        return ended
    }
}
