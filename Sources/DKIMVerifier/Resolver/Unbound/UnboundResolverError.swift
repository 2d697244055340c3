/// Why an ``UnboundKeyResolver`` could not be created. Look-ups never throw: their failures
/// are ``TXTLookupResult`` values.
public struct UnboundResolverError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable reason.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A forwarder is not an IP address with an optional `@port`.
        public static let invalidForwarder = Code(rawValue: "invalid_forwarder")
        /// The trust anchor file does not exist, cannot be read or libunbound rejected it.
        public static let trustAnchorUnreadable = Code(rawValue: "trust_anchor_unreadable")
        /// A time-out or cache limit is out of range.
        public static let invalidConfiguration = Code(rawValue: "invalid_configuration")
        /// libunbound or the operating system refused to set the resolver up.
        public static let setupFailed = Code(rawValue: "resolver_setup_failed")
    }

    public let code: Code
    public let message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
