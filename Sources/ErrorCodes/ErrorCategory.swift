/// What kind of failure an error is, independent of how it is reported. Only the HTTP API turns a
/// category into a status; domain modules know nothing of HTTP.
public enum ErrorCategory: String, Sendable, Hashable, CaseIterable, Codable {
    /// The input is not well formed (bad JSON, a bad field, a mail that cannot be read).
    case malformed
    /// A proof is missing, invalid or does not cover what it must.
    case unproven
    /// The method is not served on the route it names.
    case methodNotAllowed
    /// The body or the mail is over a size limit.
    case tooLarge
    /// The body is not of the media type the route reads.
    case unsupportedMediaType
    /// The request conflicts with the current state (a stale nonce, a replay).
    case conflict
    /// What the request names does not exist.
    case notFound
    /// Well formed and proven, but a rule forbids it.
    case refused
    /// Not a failure of the request: it is accepted and kept, and awaits more proofs.
    case awaitingProofs
    /// A dependency (DNS, a key server, the signer, the store) could not be reached; retrying may help.
    case unavailable
    /// A failure of chainmail itself, not of the request.
    case `internal`
    /// The client is over a rate or a quota; it may try again later (the answer says when).
    case tooManyRequests
}
