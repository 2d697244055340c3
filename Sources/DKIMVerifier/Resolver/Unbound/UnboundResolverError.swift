import ErrorCodes

/// Why an ``UnboundKeyResolver`` could not be created, with a stable `code` from the catalogue
/// (`ErrorCode`): `invalid_forwarder`, `trust_anchor_unreadable`, `invalid_configuration` or
/// `resolver_setup_failed`. Look-ups never throw: their failures are ``TXTLookupResult`` values.
public struct UnboundResolverError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: ErrorCode
    public let message: String

    public init(code: ErrorCode, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
