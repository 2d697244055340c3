/// A part of the service whose health decides whether it is ready (GET /readyz): what it depends
/// on outside the process, and its own signer.
public enum ServiceComponent: String, Sendable, Hashable, CaseIterable {
    case store
    case signer
    case imap
    case smtp
    case dns
}
