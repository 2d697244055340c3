/// Why a signature got its result: a stable machine-readable `code` and a sentence for people.
public struct DKIMReason: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public let code: String
    public let message: String
    /// A finer stable code under `code`, when there is one: for `key_lookup_failed`, the DNS
    /// failure's cause (`dnssec_bogus`, `servfail`, `timeout`, …: ``DNSLookupFailure/Cause``).
    public let cause: String?

    public init(code: String, message: String, cause: String? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { "\(code): \(message)" }
}

extension DKIMReason {
    static let verified = DKIMReason(code: "verified", message: "signature verified")

    static func signatureSyntax(_ detail: String) -> DKIMReason { .init(code: "signature_syntax", message: "malformed DKIM-Signature: \(detail)") }
    static func missingTag(_ tag: String) -> DKIMReason { .init(code: "signature_missing_tag", message: "required tag \(tag)= is missing") }
    static func unsupportedVersion(_ version: String) -> DKIMReason {
        .init(code: "unsupported_version", message: "signature version v=\(version) is not supported")
    }
    static func unsupportedAlgorithm(_ algorithm: String) -> DKIMReason {
        .init(code: "unsupported_algorithm", message: "algorithm a=\(algorithm) is not supported")
    }
    static func unsupportedCanonicalization(_ value: String) -> DKIMReason {
        .init(code: "unsupported_canonicalization", message: "canonicalization c=\(value) is not supported")
    }
    static func unsupportedQueryMethod(_ value: String) -> DKIMReason {
        .init(code: "unsupported_query_method", message: "query method q=\(value) does not include dns/txt")
    }
    static func invalidTag(_ tag: String, _ detail: String) -> DKIMReason { .init(code: "invalid_tag", message: "\(tag)= \(detail)") }
    static func hTagTooLong(_ count: Int, maximum: Int) -> DKIMReason {
        .init(code: "h_tag_too_long", message: "h= names \(count) header fields, more than the \(maximum) allowed")
    }
    static func tooManyHeaders(_ count: Int, maximum: Int) -> DKIMReason {
        .init(code: "too_many_headers", message: "the message has \(count) header fields, more than the \(maximum) allowed")
    }
    static let fromNotSigned = DKIMReason(code: "from_not_signed", message: "h= does not include From")
    static func identityOutsideDomain(_ identity: String, _ domain: String) -> DKIMReason {
        .init(code: "identity_mismatch", message: "i=\(identity) is not within d=\(domain)")
    }
    static func expired(_ expiration: Int64) -> DKIMReason { .init(code: "signature_expired", message: "signature expired at x=\(expiration)") }
    static func inFuture(_ timestamp: Int64) -> DKIMReason {
        .init(code: "signature_in_future", message: "signature timestamp t=\(timestamp) is in the future")
    }
    static let expiresBeforeSigned = DKIMReason(code: "invalid_tag", message: "x= is earlier than t=")

    static func keyNotFound(_ name: String) -> DKIMReason { .init(code: "key_not_found", message: "no key record at \(name)") }
    static func keyLookupFailed(_ name: String, _ failure: DNSLookupFailure) -> DKIMReason {
        .init(code: "key_lookup_failed", message: "key look-up for \(name) failed temporarily: \(failure)", cause: failure.cause.rawValue)
    }
    static func keySyntax(_ detail: String) -> DKIMReason { .init(code: "key_syntax", message: "malformed key record: \(detail)") }
    static let keyRevoked = DKIMReason(code: "key_revoked", message: "the key record has an empty p= (revoked)")
    static func keyUnusable(_ detail: String) -> DKIMReason { .init(code: "key_unusable", message: detail) }
    static func keyTooLarge(_ bits: Int) -> DKIMReason {
        .init(code: "key_too_large", message: "RSA key of \(bits) bits exceeds the 8192-bit limit")
    }

    static let bodyHashMismatch = DKIMReason(code: "body_hash_mismatch", message: "body hash does not match bh=")
    static let signatureMismatch = DKIMReason(code: "signature_mismatch", message: "signature does not verify against the key")
    static let bodyShorterThanLength = DKIMReason(code: "body_length_exceeded", message: "l= is longer than the canonicalized body")

    static func weakKey(_ bits: Int, minimum: Int) -> DKIMReason {
        .init(code: "weak_key", message: "verified, but the RSA key has \(bits) bits, below the \(minimum)-bit minimum")
    }
    static let sha1Disabled = DKIMReason(code: "sha1_disabled", message: "verified, but rsa-sha1 is not accepted (RFC 8301)")
    static func partialBody(signed: Int, total: Int) -> DKIMReason {
        .init(code: "partial_body", message: "verified, but l= covers only \(signed) of \(total) body bytes")
    }
}
