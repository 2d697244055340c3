/// What one import or refresh of an issuer's keys did.
public struct OIDCKeyImport: Sendable, Hashable {
    public let issuer: String
    public let source: OIDCKeySource
    /// The kids now registered from this key set, sorted.
    public let kids: [String]
    /// Keys of the set that were left out, with the reason.
    public let skipped: [SkippedKey]

    /// `{"issuer","source","kids":[…],"skipped":[{"kid","reason"}]}` for the command line.
    public var json: JSONValue {
        .object([
            "issuer": .string(issuer),
            "source": .string(source.rawValue),
            "kids": .array(kids.map { .string($0) }),
            "skipped": .array(
                skipped.map { key in
                    .object(["kid": key.kid.map { .string($0) } ?? .null, "reason": .string(key.reason)])
                }
            ),
        ])
    }
}
