/// Bounds on the MIME tree and its header sections, so hostile nesting, part counts or headers cost little
/// before being refused.
public struct MIMELimits: Sendable, Hashable {
    /// How many multipart levels may nest (the top-level multipart is level 1).
    public var maxDepth: Int
    /// How many body parts the whole tree may hold.
    public var maxParts: Int

    /// How many header fields one header section (the message's or a part's) may hold.
    public var maxHeaderFields: Int
    /// How long one header line may be, without its CRLF (RFC 5322 section 2.1.1: 998).
    public var maxHeaderLineLength: Int

    public init(maxDepth: Int = 10, maxParts: Int = 100, maxHeaderFields: Int = 1000, maxHeaderLineLength: Int = 998) {
        self.maxDepth = maxDepth
        self.maxParts = maxParts
        self.maxHeaderFields = maxHeaderFields
        self.maxHeaderLineLength = maxHeaderLineLength
    }

    public static let `default` = MIMELimits()
}
