/// Section 4 step 3: an `evm:` or `solana:` wallet signs free text, so the text must say what it
/// is. It begins with the line `<serviceId>: approve transaction <txHash>` (txHash in lowercase
/// hex), alone or followed by a blank line and free text. A text that merely contains the txHash,
/// such as a sign-in message whose nonce is a txHash, approves nothing.
public enum ApprovalLine {
    /// The line a wallet signs for `txHash` at the service `serviceId`.
    public static func text(serviceId: String, txHash: String) -> String {
        "\(serviceId): approve transaction \(txHash)"
    }

    public static func check(_ message: String, serviceId: String, txHash: String) throws(EngineError) {
        let line = Array(text(serviceId: serviceId, txHash: txHash).utf8)
        let bytes = Array(message.utf8)
        guard bytes.starts(with: line) else { throw .messageNotAnApproval(serviceId: serviceId, txHash: txHash) }
        let rest = bytes[line.count...]
        let newline = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")
        guard rest.isEmpty || rest.starts(with: [newline, newline]) || rest.starts(with: [carriageReturn, newline, carriageReturn, newline])
        else { throw .messageNotAnApproval(serviceId: serviceId, txHash: txHash) }
    }
}
