/// What kind of failure an error is, independent of how it is reported. Only the HTTP API turns a
/// category into a status; domain modules know nothing of HTTP.
public enum ErrorCategory: String, Sendable, Hashable, CaseIterable, Codable {
    /// The input is not well formed (bad JSON, a bad field, a mail that cannot be read).
    case malformed
    /// A proof is missing, invalid or does not cover what it must.
    case unproven
    /// The request conflicts with the current state (a stale nonce, a replay).
    case conflict
    /// What the request names does not exist.
    case notFound
    /// Well formed and proven, but a rule forbids it.
    case refused
    /// A dependency (DNS, a key server, the signer, the store) could not be reached; retrying may help.
    case unavailable
}
