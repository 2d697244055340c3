/// An RFC 2045 Content-Type: media type, subtype and parameters.
public struct ContentType: Sendable, Hashable {
    /// Lowercase, e.g. `text`.
    public let type: String
    /// Lowercase, e.g. `plain`.
    public let subtype: String
    /// Lowercase names; values as sent (RFC 2231 joined and decoded).
    public let parameters: [String: String]

    public init(type: String, subtype: String, parameters: [String: String] = [:]) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
    }

    /// RFC 2045 section 5.2: what an entity without a Content-Type is.
    public static let defaultText = ContentType(type: "text", subtype: "plain", parameters: ["charset": "us-ascii"])
    /// RFC 2046 section 5.1.5: what a part of a multipart/digest without a Content-Type is.
    public static let defaultDigestPart = ContentType(type: "message", subtype: "rfc822")

    public var isMultipart: Bool { type == "multipart" }
    public var isTextPlain: Bool { type == "text" && subtype == "plain" }

    /// Parses a field value (the bytes after `Content-Type:`, unfolded or not).
    public static func parse(_ value: [UInt8]) -> Result<ContentType, MailParseError> {
        var scanner = MIMEHeaderScanner(value)
        return parseMediaType(&scanner).flatMap { type, subtype in
            MIMEParameters.parse(&scanner).map { ContentType(type: type, subtype: subtype, parameters: $0) }
        }
    }

    /// `type "/" subtype`, leaving the scanner before the parameters.
    static func parseMediaType(_ scanner: inout MIMEHeaderScanner) -> Result<(String, String), MailParseError> {
        guard scanner.skipCFWS(), let type = scanner.token(), scanner.skipCFWS(), scanner.consume(0x2F), scanner.skipCFWS(),
            let subtype = scanner.token()
        else { return .failure(.mimeMalformed("Content-Type is not type/subtype")) }
        return .success((String(decoding: type, as: UTF8.self).asciiLowercased, String(decoding: subtype, as: UTF8.self).asciiLowercased))
    }
}
