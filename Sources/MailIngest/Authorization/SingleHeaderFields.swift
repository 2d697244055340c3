import DKIMVerifier
import ErrorCodes
import Foundation

/// PROTOCOL.md 5, "what decides must be signed and single": a relay can add a header field above the
/// signed one, so the fields that decide appear a fixed number of times or the mail is refused.
extension MailHeaders {
    /// Nil when `From` and `Subject` each appear exactly once and `Date` at most once, else the refusal:
    /// `from_missing`, `from_multiple_fields`, `subject_missing`, `subject_multiple_fields`,
    /// `date_multiple_fields` (checked in that order). One pass over the header.
    public static func singleFieldsProblem(_ message: ParsedMessage) -> MailParseError? {
        var from = 0
        var subject = 0
        var date = 0
        for field in message.headers {
            switch field.lowercasedName {
            case "from": from += 1
            case "subject": subject += 1
            case "date": date += 1
            default: break
            }
        }
        if from == 0 { return .init(code: .fromMissing, message: "the message has no From field") }
        if from > 1 { return .init(code: .fromMultipleFields, message: "the message has \(from) From fields") }
        if subject == 0 { return .init(code: .subjectMissing, message: "the message has no Subject field") }
        if subject > 1 { return .init(code: .subjectMultipleFields, message: "the message has \(subject) Subject fields") }
        if date > 1 { return dateRepeated(date) }
        return nil
    }

    /// The instant of the one `Date` field (RFC 5322 3.3, read by a bounded linear parser), nil when the
    /// field is absent or unreadable (then only a DKIM `t=` can date the mail); `date_multiple_fields`
    /// when it appears more than once, since a relay may have put a fresh one above the signed one.
    public static func date(_ message: ParsedMessage) -> Result<Date?, MailParseError> {
        let fields = message.fields(named: "date")
        guard fields.count <= 1 else { return .failure(dateRepeated(fields.count)) }
        return .success(fields.first.flatMap { MailDate.parse(bytes: HeaderValue.unfolded($0, in: message)) })
    }

    private static func dateRepeated(_ count: Int) -> MailParseError {
        .init(code: .dateMultipleFields, message: "the message has \(count) Date fields")
    }
}
