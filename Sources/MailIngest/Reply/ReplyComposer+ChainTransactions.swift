import AccountEngine
import ChainTransactions
import Foundation

extension ReplyComposer {
    /// The signed EVM transactions of an executed `result`: each one's action place, chain and hash.
    private func signedTransactions(_ result: JSONValue) -> [(index: Int, chainId: UInt64, hash: String)] {
        (result["results"]?.arrayValue ?? []).enumerated().compactMap { index, action in
            guard action["type"]?.stringValue == "EVMTransaction", case .number(let number)? = action["chainId"],
                let chainId = number.plainUnsignedInteger, let hash = action["transactionHash"]?.stringValue
            else { return nil }
            return (index, chainId, hash)
        }
    }

    /// `Local (chain 31337)`, or `chain 999` for a chain not configured.
    private func chainName(_ chainId: UInt64) -> String {
        chains.evmChain(chainId).map { "\(DisplayText.escaped($0.name, limit: 80)) (chain \(chainId))" } ?? "chain \(chainId)"
    }

    /// The signed chain transactions of an executed result, in words: each one's hash, and whether
    /// chainmail sends it (a chain with a node) or leaves sending to the application.
    func chainTransactionLines(_ result: JSONValue) -> [String] {
        let evm = signedTransactions(result).flatMap { transaction in
            [
                "",
                "The signed transaction on \(chainName(transaction.chainId)) is \(transaction.hash).",
                chains.evmChain(transaction.chainId)?.rpcURL != nil
                    ? "chainmail is sending it now; another reply follows once the chain has confirmed it or refused it."
                    : "chainmail does not send transactions on this chain: the application that asked for it sends it.",
            ]
        }
        let bitcoin = (result["results"]?.arrayValue ?? []).flatMap { action -> [String] in
            guard action["type"]?.stringValue == "BitcoinTransaction", let txid = action["txid"]?.stringValue,
                let network = action["network"]?.stringValue.flatMap(BitcoinNetwork.init(rawValue:))
            else { return [] }
            return [
                "",
                "The signed \(network.displayName) transaction is \(txid); every input is signed.",
                "chainmail does not send Bitcoin transactions: the application that asked for it sends it.",
            ]
        }
        return evm + bitcoin
    }

    /// The places of the actions of an executed `result` whose signed transaction chainmail sends
    /// (an EVMTransaction on a chain with a node): each gets a second reply at its end.
    func sentActionIndices(_ result: JSONValue) -> [Int] {
        signedTransactions(result).filter { chains.evmChain($0.chainId)?.rpcURL != nil }.map(\.index)
    }

    /// The second reply to the mail `awaiting` describes, once chainmail's sending of one of its
    /// signed transactions ended (PROTOCOL.md section 8.4): threaded on the mail like the first.
    func broadcastReply(_ awaiting: AwaitingReply, broadcast: Broadcast, date: Date) -> OutgoingMail {
        let (sentence, chainLines) = broadcastLines(broadcast)
        var lines = [sentence, ""] + chainLines
        lines.append("")
        switch broadcast.status {
        case .confirmed: lines.append("What to do next: nothing.")
        case .reverted: lines.append("What to do next: ask the application that prepared the transaction why it reverted before trying again.")
        default:
            lines.append(
                "What to do next: ask the application that prepared the transaction; it can send the signed transaction again once the cause is fixed."
            )
        }
        var details = [("status", broadcast.status.rawValue), ("txHash", broadcast.txHash), ("chainId", String(broadcast.chainId))]
        details.append(("transactionHash", broadcast.transactionHash))
        if let block = broadcast.blockNumber { details.append(("blockNumber", String(block))) }
        if let error = broadcast.error { details.append(("error", error)) }
        lines += Self.technicalDetails(details)
        return mail(
            to: awaiting.sender,
            subject: Self.replySubject(awaiting.subject, txHash: broadcast.txHash),
            messageID: awaiting.messageID,
            references: awaiting.references,
            body: lines.joined(separator: "\r\n") + "\r\n",
            date: date
        )
    }

    /// How the chain took a sent transaction: one sentence, then its hash and link.
    func broadcastLines(_ broadcast: Broadcast) -> (sentence: String, lines: [String]) {
        let name = chainName(broadcast.chainId)
        let link = chains.evmChain(broadcast.chainId)?.explorerLink(transactionHash: broadcast.transactionHash)
        var lines: [String] = []
        let sentence: String
        switch broadcast.status {
        case .confirmed:
            sentence = "Your transaction was sent to \(name) and confirmed in block \(broadcast.blockNumber.map(String.init) ?? "?")."
        case .reverted:
            sentence =
                "Your transaction was sent to \(name) and mined in block \(broadcast.blockNumber.map(String.init) ?? "?"), but it reverted: the chain undid its effects (the network fee is spent)."
        case .failed:
            sentence =
                "Your transaction was signed, but \(name) did not accept it: \(DisplayText.escaped(broadcast.error ?? "no reason given", limit: 500))."
        case .pending, .submitted:
            sentence = "Your transaction is being sent to \(name)."
        }
        lines.append("Chain transaction: \(broadcast.transactionHash)")
        if let link { lines.append("See it at: \(link)") }
        return (sentence, lines)
    }
}
