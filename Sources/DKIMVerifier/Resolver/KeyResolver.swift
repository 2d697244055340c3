/// Looks up the TXT records that hold DKIM keys (`<selector>._domainkey.<domain>`).
///
/// Implementations never throw: every DNS outcome, including a time-out, is a value,
/// because the verifier turns each into an RFC 8601 result (`permerror` or `temperror`).
public protocol KeyResolver: Sendable {
    nonisolated(nonsending) func lookupTXT(_ name: String) async -> TXTLookupResult
}

/// What a TXT query gave.
public enum TXTLookupResult: Sendable, Equatable {
    /// One string per TXT record, the record's character-strings already joined without separators.
    case records([String], dnssec: DNSSECStatus)
    /// The name does not exist.
    case nxdomain(dnssec: DNSSECStatus)
    /// The name exists but holds no TXT record.
    case noData(dnssec: DNSSECStatus)
    /// DNSSEC validation failed, SERVFAIL, a time-out or any other failure worth retrying later,
    /// with its cause.
    case temporaryFailure(DNSLookupFailure)
}

/// The DNSSEC validation state of an answer, as a validating resolver reports it.
public enum DNSSECStatus: String, Sendable, Equatable, Codable {
    /// Validated from a trust anchor.
    case secure
    /// Not signed (or no trust anchor configured).
    case insecure
    /// Signed but failed validation.
    case bogus
    /// The source does not know (static files).
    case unknown
}
