/// Why a received message could not be read: a stable machine-readable `code` and a sentence for people.
///
/// The codes are part of the reply sent to the sender and of the recorded outcome, so they never change
/// meaning; `MailParseError.Code` lists every one.
public struct MailParseError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

extension MailParseError {
    /// Every code this module produces.
    public enum Code {
        /// The message has no `From:` field.
        public static let fromMissing = "from_missing"
        /// The message has more than one `From:` field.
        public static let fromMultipleFields = "from_multiple_fields"
        /// `From:` holds a list of mailboxes or a group instead of exactly one mailbox.
        public static let fromNotSingleMailbox = "from_not_single_mailbox"
        /// `From:` is not a valid RFC 5322 mailbox (syntax, empty address, route, junk, quoted local part).
        public static let fromInvalid = "from_invalid"
        /// The From field value, unfolded, is longer than `FromMailbox.maximumFieldLength` (2,048 bytes).
        public static let fromTooLong = "from_too_long"
        /// The From address holds characters outside ASCII (SMTPUTF8 addresses are refused).
        public static let addressNotASCII = "address_not_ascii"
        /// A bare address given to `EmailAddress.normalize` is not plain `local@domain`.
        public static let addressInvalid = "address_invalid"
        /// The message has no `Subject:` field.
        public static let subjectMissing = "subject_missing"
        /// The message has more than one `Subject:` field.
        public static let subjectMultipleFields = "subject_multiple_fields"
        /// The Subject holds 8-bit bytes that are not UTF-8.
        public static let subjectInvalid = "subject_invalid"
        /// The message has more than one `Date:` field (PROTOCOL.md 5: at most one).
        public static let dateMultipleFields = "date_multiple_fields"
        /// The Subject names no transaction hash (a run of exactly 64 hex digits).
        public static let txHashNotInSubject = "tx_hash_not_in_subject"
        /// The transaction block hashes to a txHash the Subject does not name.
        public static let txHashMismatch = "tx_hash_mismatch"
        /// The mail has no transaction block and its Subject names more than one txHash.
        public static let txHashAmbiguous = "tx_hash_ambiguous"
        /// The chosen DKIM signature's `i=` names a local part other than the From address's.
        public static let identityNotSender = "dkim_identity_not_sender"
        /// A header section (the message's or a body part's) has more fields than allowed (1,000).
        public static let tooManyHeaders = "too_many_headers"
        /// A header line is longer than RFC 5322's 998 characters.
        public static let headerLineTooLong = "header_line_too_long"
        /// `Content-Type`, `Content-Transfer-Encoding`, `MIME-Version` or `Content-Disposition` appears more
        /// than once in one header section (the message's or a body part's).
        public static let mimeHeaderRepeated = "mime_header_repeated"
        /// The MIME structure cannot be read (Content-Type syntax, boundaries, a line that starts with a
        /// delimiter but carries more than transport padding after it).
        public static let mimeMalformed = "mime_malformed"
        /// No text/plain part that is not an attachment.
        public static let noTextPart = "no_text_part"
        /// The text part's charset is not one this module decodes.
        public static let charsetUnsupported = "charset_unsupported"
        /// The text part's bytes are not valid in its declared charset.
        public static let charsetInvalid = "charset_invalid"
        /// Unknown Content-Transfer-Encoding, or quoted-printable / base64 that does not decode.
        public static let transferEncodingInvalid = "transfer_encoding_invalid"
        /// A BEGIN line without its END line (or an END line without a BEGIN line).
        public static let transactionBlockUnterminated = "transaction_block_unterminated"
        /// More than one transaction block.
        public static let transactionBlockMultiple = "transaction_block_multiple"
        /// A transaction block with nothing between BEGIN and END.
        public static let transactionBlockEmpty = "transaction_block_empty"
        /// An `auth-target:` line that is misplaced or whose value is not a JSON object.
        public static let authTargetInvalid = "auth_target_invalid"
        /// The MIME tree has more body parts than allowed.
        public static let tooManyParts = "too_many_parts"
        /// The MIME tree nests multiparts deeper than allowed.
        public static let tooDeep = "too_deep"
    }
}

extension MailParseError {
    static func fromInvalid(_ detail: String) -> MailParseError { .init(code: Code.fromInvalid, message: "From is not a valid mailbox: \(detail)") }
    static func mimeMalformed(_ detail: String) -> MailParseError { .init(code: Code.mimeMalformed, message: detail) }
    static func transferEncodingInvalid(_ detail: String) -> MailParseError {
        .init(code: Code.transferEncodingInvalid, message: detail)
    }
    static func charsetUnsupported(_ charset: String) -> MailParseError {
        .init(code: Code.charsetUnsupported, message: "charset \"\(charset)\" is not supported (UTF-8, US-ASCII, ISO-8859-1, Windows-1252 are)")
    }
    static func charsetInvalid(_ charset: String) -> MailParseError {
        .init(code: Code.charsetInvalid, message: "the text is not valid \(charset)")
    }
}
