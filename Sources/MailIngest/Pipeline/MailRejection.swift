import AccountEngine
import DKIMVerifier
import ErrorCodes

/// Why a mail did not authorise its transaction: a stable `code` from the catalogue (`ErrorCode`),
/// a sentence, and whether the sender was proven (only then is a reply sent: PROTOCOL.md section 5).
public struct MailRejection: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public let code: ErrorCode
    public let message: String
    /// The From address is proven by an aligned DKIM signature, so the sender may be answered.
    public let senderProven: Bool

    public init(code: ErrorCode, message: String, senderProven: Bool) {
        self.code = code
        self.message = message
        self.senderProven = senderProven
    }

    public var description: String { "\(code): \(message)" }
}

extension MailRejection {
    static func unproven(_ code: ErrorCode, _ message: String) -> MailRejection {
        MailRejection(code: code, message: message, senderProven: false)
    }

    static func proven(_ code: ErrorCode, _ message: String) -> MailRejection {
        MailRejection(code: code, message: message, senderProven: true)
    }

    static func parse(_ error: MailParseError, senderProven: Bool) -> MailRejection {
        MailRejection(code: error.code, message: error.message, senderProven: senderProven)
    }

    /// The engine's refusal of a proven sender's mail, with its code and, unless given, its message.
    static func proven(_ error: EngineError, message: String? = nil) -> MailRejection {
        .proven(error.errorCode, message ?? error.message)
    }

    /// A refused or failed aligned signature: `dkim_` + the verifier's reason code. Every reason such
    /// a signature can carry is catalogued; one that is not is a fault of chainmail, refused as
    /// `internal_error` with the reason kept in the message, never a code outside the catalogue.
    static func dkim(_ reason: DKIMReason, _ message: String) -> MailRejection {
        let name = "dkim_" + reason.code
        guard let code = ErrorCode.named(name) else {
            return .unproven(.internalError, "\(message) (\(name) is not a catalogued code)")
        }
        return .unproven(code, message)
    }
}
