/// Bounds on the MIME tree, so hostile nesting or part counts cost little before being refused.
public struct MIMELimits: Sendable, Hashable {
    /// How many multipart levels may nest (the top-level multipart is level 1).
    public var maxDepth: Int
    /// How many body parts the whole tree may hold.
    public var maxParts: Int

    public init(maxDepth: Int = 10, maxParts: Int = 100) {
        self.maxDepth = maxDepth
        self.maxParts = maxParts
    }

    public static let `default` = MIMELimits()
}
