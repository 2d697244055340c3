import ErrorCodes

/// Why a received message could not be read: a stable machine-readable `code` from the catalogue
/// (`ErrorCode`) and a sentence for people.
///
/// The codes are part of the reply sent to the sender and of the recorded outcome, so they never change
/// meaning; their names are what is encoded.
public struct MailParseError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public let code: ErrorCode
    public let message: String

    public init(code: ErrorCode, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

extension MailParseError {
    static func fromInvalid(_ detail: String) -> MailParseError { .init(code: .fromInvalid, message: "From is not a valid mailbox: \(detail)") }
    static func mimeMalformed(_ detail: String) -> MailParseError { .init(code: .mimeMalformed, message: detail) }
    static func transferEncodingInvalid(_ detail: String) -> MailParseError {
        .init(code: .transferEncodingInvalid, message: detail)
    }
    static func charsetUnsupported(_ charset: String) -> MailParseError {
        .init(code: .charsetUnsupported, message: "charset \"\(charset)\" is not supported (UTF-8, US-ASCII, ISO-8859-1, Windows-1252 are)")
    }
    static func charsetInvalid(_ charset: String) -> MailParseError {
        .init(code: .charsetInvalid, message: "the text is not valid \(charset)")
    }
}
