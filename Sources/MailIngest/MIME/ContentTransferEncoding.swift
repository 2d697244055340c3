import ByteEncoding

/// RFC 2045 Content-Transfer-Encoding.
public enum ContentTransferEncoding: String, Sendable, Hashable {
    case sevenBit = "7bit"
    case eightBit = "8bit"
    case binary
    case quotedPrintable = "quoted-printable"
    case base64

    /// The encoding a field value names (case-insensitive, comments not allowed), nil when unknown.
    public init?(fieldValue: String) {
        self.init(rawValue: fieldValue.trimmingASCIIWhitespace.asciiLowercased)
    }

    /// Whether a multipart or message entity may carry it (RFC 2046 forbids encoding those).
    var isIdentity: Bool { self == .sevenBit || self == .eightBit || self == .binary }

    /// The decoded bytes, never longer than the encoded ones.
    func decode<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Result<[UInt8], MailParseError> where Bytes.Index == Int {
        switch self {
        case .sevenBit, .eightBit, .binary:
            return .success(Array(bytes))
        case .quotedPrintable:
            guard let decoded = QuotedPrintableDecoder.decode(bytes) else {
                return .failure(.transferEncodingInvalid("the quoted-printable body has an = not followed by two hex digits"))
            }
            return .success(decoded)
        case .base64:
            guard let decoded = Base64.decode(bytes: bytes, .mime) else {
                return .failure(.transferEncodingInvalid("the base64 body holds characters outside the alphabet or bad padding"))
            }
            return .success(decoded)
        }
    }
}
