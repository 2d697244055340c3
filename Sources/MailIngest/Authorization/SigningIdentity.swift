import DKIMVerifier
import ErrorCodes

/// PROTOCOL.md 5: a signature whose `i=` names a user speaks for that user only.
extension MailHeaders {
    /// Nil when `signature` has no `i=` local part (`i=@domain` or no `i=`) or its local part equals the
    /// From address's (ASCII case-insensitive), else `dkim_identity_not_sender`: a domain's signer that
    /// vouches for another user of the domain does not prove this sender.
    public static func signingIdentityProblem(_ signature: DKIMSignature, sender: Mailbox) -> MailParseError? {
        let identity = Array(signature.identity.utf8)
        guard let at = identity.lastIndex(of: 0x40), at > 0 else { return nil }
        let senderBytes = Array(sender.address.utf8)
        let senderLocal = senderBytes[..<(senderBytes.lastIndex(of: 0x40) ?? senderBytes.endIndex)]
        if identity[..<at].map(\.asciiLowercased).elementsEqual(senderLocal.map(\.asciiLowercased)) { return nil }
        return MailParseError(
            code: .dkimIdentityNotSender,
            message:
                "the DKIM signature's i= names \(String(decoding: identity[..<at], as: UTF8.self).debugDescription), not the From address's local part"
        )
    }
}
