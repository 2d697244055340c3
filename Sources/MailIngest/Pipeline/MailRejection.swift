/// Why a mail did not authorise its transaction: a stable `code`, a sentence, and whether the
/// sender was proven (only then is a reply sent: PROTOCOL.md section 5).
public struct MailRejection: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public let code: String
    public let message: String
    /// The From address is proven by an aligned DKIM signature, so the sender may be answered.
    public let senderProven: Bool

    public init(code: String, message: String, senderProven: Bool) {
        self.code = code
        self.message = message
        self.senderProven = senderProven
    }

    public var description: String { "\(code): \(message)" }
}

extension MailRejection {
    static func unproven(_ code: String, _ message: String) -> MailRejection {
        MailRejection(code: code, message: message, senderProven: false)
    }

    static func proven(_ code: String, _ message: String) -> MailRejection {
        MailRejection(code: code, message: message, senderProven: true)
    }

    static func parse(_ error: MailParseError, senderProven: Bool) -> MailRejection {
        MailRejection(code: error.code, message: error.message, senderProven: senderProven)
    }
}
