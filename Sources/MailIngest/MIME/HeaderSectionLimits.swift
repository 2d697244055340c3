import DKIMVerifier
import ErrorCodes

/// The caps on one header section (the message's or a body part's): at most `maxHeaderFields` fields and
/// no line longer than `maxHeaderLineLength` bytes (RFC 5322 section 2.1.1 allows 998). The MIME parser
/// applies them to every entity; the pipeline may apply them to the message before reading any field.
public enum HeaderSectionLimits {
    /// Nil when the header section of `message` is within `limits`, else the refusal
    /// (`too_many_headers`, `header_line_too_long`). One pass over the header bytes.
    public static func check(_ message: ParsedMessage, limits: MIMELimits = .default) -> MailParseError? {
        if message.headers.count > limits.maxHeaderFields {
            return MailParseError(
                code: .tooManyHeaders,
                message: "a header section has \(message.headers.count) fields, more than the \(limits.maxHeaderFields) allowed"
            )
        }
        let bytes = message.bytes
        let end = min(message.bodyStart, bytes.count)
        var lineStart = 0
        var index = 0
        while index < end {
            if bytes[index] == .lf {
                // Lines end in CRLF (ParsedMessage normalises them); the CR is not counted.
                let length = index - lineStart - (index > lineStart && bytes[index - 1] == .cr ? 1 : 0)
                if length > limits.maxHeaderLineLength { return lineTooLong(limits) }
                lineStart = index + 1
            }
            index += 1
        }
        if end - lineStart > limits.maxHeaderLineLength { return lineTooLong(limits) }
        return nil
    }

    private static func lineTooLong(_ limits: MIMELimits) -> MailParseError {
        MailParseError(
            code: .headerLineTooLong,
            message: "a header line is longer than \(limits.maxHeaderLineLength) characters"
        )
    }
}
