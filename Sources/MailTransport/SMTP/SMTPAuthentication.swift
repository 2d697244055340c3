/// SMTP AUTH (RFC 4954) with a user name and password, sent only over TLS unless the
/// transport is explicitly `.none`.
public enum SMTPAuthentication: Sendable, Hashable {
    /// AUTH PLAIN (RFC 4616), one round trip.
    case plain(username: String, password: String)
    /// AUTH LOGIN, for servers that offer nothing else.
    case login(username: String, password: String)
}
