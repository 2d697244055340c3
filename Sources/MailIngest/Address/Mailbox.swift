/// One sender mailbox: the address that is compared with OIDC identities and the display name shown to people.
public struct Mailbox: Sendable, Hashable, Codable {
    /// The display name with RFC 2047 encoded-words decoded and quoting undone, nil when there is none.
    /// Never used to decide anything.
    public let displayName: String?
    /// The address normalised as PROTOCOL.md section 1 asks: lowercase ASCII `local@domain`.
    public let address: String

    public init(displayName: String?, address: String) {
        self.displayName = displayName
        self.address = address
    }

    /// The part of the address after the `@`, which DKIM's `d=` must equal.
    public var domain: String {
        guard let at = address.lastIndex(of: "@") else { return "" }
        return String(address[address.index(after: at)...])
    }
}
