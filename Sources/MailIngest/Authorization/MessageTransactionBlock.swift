import DKIMVerifier
import ErrorCodes

/// PROTOCOL.md 5: the one transaction block of a message, wherever its inline text lies.
extension TransactionBlock {
    /// The block of `message`, looked for in every inline text/plain part (`TextBody.inlinePlainTextParts`:
    /// not attachments, not text/html, not an attached message), each decoded as `TextBody.text(of:)` does
    /// and searched by `find(in:)` (so quoted lines never count). Exactly one block in all of them; nil
    /// when none holds one.
    ///
    /// Errors: the MIME parser's (`mime_malformed`, `mime_header_repeated`, `too_deep`, `too_many_parts`,
    /// `too_many_headers`, `header_line_too_long`), `no_text_part` when there is no inline text/plain part,
    /// the decoding errors of any such part (every one is read, so none can hide a block), `find(in:)`'s
    /// errors for any part, and `transaction_block_multiple` when blocks are found in two parts.
    public static func find(in message: ParsedMessage, limits: MIMELimits = .default) -> Result<TransactionBlock?, MailParseError> {
        let root: MIMEEntity
        switch MIMEEntity.parse(message, limits: limits) {
        case .failure(let error): return .failure(error)
        case .success(let parsed): root = parsed
        }
        let parts = TextBody.inlinePlainTextParts(root)
        guard !parts.isEmpty else {
            return .failure(.init(code: .noTextPart, message: "the message has no inline text/plain part"))
        }
        var block: TransactionBlock? = nil
        for part in parts {
            let found: TransactionBlock?
            switch TextBody.text(of: part).flatMap({ find(in: $0) }) {
            case .failure(let error): return .failure(error)
            case .success(let value): found = value
            }
            guard let found else { continue }
            guard block == nil else {
                return .failure(
                    .init(code: .transactionBlockMultiple, message: "two text parts of the mail each hold a transaction block")
                )
            }
            block = found
        }
        return .success(block)
    }
}
