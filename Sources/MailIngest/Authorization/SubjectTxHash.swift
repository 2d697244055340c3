import ErrorCodes

/// PROTOCOL.md 5: which transaction the Subject names.
extension MailHeaders {
    /// The txHash the mail authorises, from its Subject (`txHashCandidates`: runs of exactly 64 hex digits)
    /// and, when the mail carries a block, the block's txHash.
    ///
    /// - With a block: `blockTxHash` (lowercased) when the Subject names it among others, else
    ///   `tx_hash_mismatch`.
    /// - Without one: the Subject must name exactly one txHash (the same one written twice counts once),
    ///   else `tx_hash_ambiguous`.
    /// - A Subject naming none is `tx_hash_not_in_subject` either way.
    public static func authorisedTxHash(subject: String, blockTxHash: String?) -> Result<String, MailParseError> {
        let named = txHashCandidates(in: subject)
        guard let first = named.first else {
            return .failure(
                .init(code: .txHashNotInSubject, message: "the Subject does not name a transaction hash (64 hex digits)")
            )
        }
        if let blockTxHash {
            let wanted = blockTxHash.asciiLowercased
            guard named.contains(wanted) else {
                return .failure(
                    .init(
                        code: .txHashMismatch,
                        message: "the Subject names \(first), the transaction in the mail hashes to \(wanted)"
                    )
                )
            }
            return .success(wanted)
        }
        guard named.allSatisfy({ $0 == first }) else {
            return .failure(
                .init(
                    code: .txHashAmbiguous,
                    message: "the mail holds no transaction block and its Subject names \(Set(named).count) transaction hashes"
                )
            )
        }
        return .success(first)
    }
}
