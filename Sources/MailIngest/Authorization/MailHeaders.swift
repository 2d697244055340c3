import ByteEncoding
import DKIMVerifier
import ErrorCodes

/// The header fields, other than From, that the email pipeline reads.
public enum MailHeaders {
    /// The one Subject field, unfolded, RFC 2047 decoded, with control characters turned into spaces and
    /// surrounding white space removed (safe to echo into a reply's `Subject: Re: …`).
    public static func subject(_ message: ParsedMessage) -> Result<String, MailParseError> {
        let fields = message.fields(named: "subject")
        guard let field = fields.first else {
            return .failure(.init(code: .subjectMissing, message: "the message has no Subject field"))
        }
        guard fields.count == 1 else {
            return .failure(.init(code: .subjectMultipleFields, message: "the message has \(fields.count) Subject fields"))
        }
        guard let decoded = EncodedWord.decodeUnstructured(HeaderValue.unfolded(field, in: message)) else {
            return .failure(.init(code: .subjectInvalid, message: "the Subject holds 8-bit bytes that are not UTF-8"))
        }
        return .success(decoded.sanitizedForHeader)
    }

    /// Whether `subject` names `txHash` (64 hex digits) as one of its `txHashCandidates`, compared
    /// case-insensitively: a hash inside a longer hex run is not named. False for a `txHash` that is not
    /// 64 hex digits, so an empty or short value never matches everything.
    public static func containsTxHash(_ subject: String, _ txHash: String) -> Bool {
        let needle = Array(txHash.utf8)
        guard needle.count == 64, needle.allSatisfy({ $0.hexValue != nil }) else { return false }
        return txHashCandidates(in: subject).contains(String(decoding: needle.map(\.asciiLowercased), as: UTF8.self))
    }

    /// Every run of exactly 64 hex digits in `subject` (not part of a longer hex run), lowercased, in order,
    /// repeats kept: the txHashes the Subject names (PROTOCOL.md 5). One pass over the bytes.
    public static func txHashCandidates(in subject: String) -> [String] {
        var candidates: [String] = []
        let bytes = Array(subject.utf8)
        var index = 0
        while index < bytes.count {
            guard Hex.digitValue(bytes[index]) != nil else {
                index += 1
                continue
            }
            let start = index
            while index < bytes.count && Hex.digitValue(bytes[index]) != nil { index += 1 }
            if index - start == 64 { candidates.append(String(decoding: bytes[start..<index].map(\.asciiLowercased), as: UTF8.self)) }
        }
        return candidates
    }

    /// The message's `Message-ID` as its raw `<left@right>` token (for a reply's `In-Reply-To:`), or nil when
    /// the field is absent, repeated or not a well-formed msg-id. The token is printable ASCII without white
    /// space, so it can be written into a reply header as is.
    public static func messageID(_ message: ParsedMessage) -> String? {
        let fields = message.fields(named: "message-id")
        guard fields.count == 1 else { return nil }
        let ids = MessageIDList.tokens(HeaderValue.unfolded(fields[0], in: message))
        guard let ids, ids.count == 1 else { return nil }
        return ids[0]
    }

    /// The msg-id tokens of the one `References` field, in order (for a reply's `References:`, followed by
    /// `messageID`). Empty when the field is absent, repeated or malformed.
    public static func references(_ message: ParsedMessage) -> [String] {
        let fields = message.fields(named: "references")
        guard fields.count == 1 else { return [] }
        return MessageIDList.tokens(HeaderValue.unfolded(fields[0], in: message)) ?? []
    }
}
