/// An ECDSA signature with its recovery id, as PROTOCOL.md section 4 writes it:
/// `{"r":"<64 hex>","s":"<64 hex>","v":0}`, where `v` is the recovery id 0 or 1.
public struct RecoverableSignature: Sendable, Hashable, Codable, CustomStringConvertible {
    public var r: [UInt8]
    public var s: [UInt8]
    public var v: UInt8

    public init(r: [UInt8], s: [UInt8], v: UInt8) {
        self.r = r
        self.s = s
        self.v = v
    }

    /// `r ‖ s ‖ v` (65 bytes), with v as the raw recovery id.
    public var compact: [UInt8] { r + s + [v] }

    public var description: String { "{r: \(r.hexString), s: \(s.hexString), v: \(v)}" }

    private enum CodingKeys: String, CodingKey {
        case r, s, v
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        r = try Self.decodeScalar(.r, from: container)
        s = try Self.decodeScalar(.s, from: container)
        v = try container.decode(UInt8.self, forKey: .v)
        guard v <= 1 else {
            throw DecodingError.dataCorruptedError(forKey: .v, in: container, debugDescription: "v is the recovery id, 0 or 1")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(r.hexString, forKey: .r)
        try container.encode(s.hexString, forKey: .s)
        try container.encode(v, forKey: .v)
    }

    private static func decodeScalar(_ key: CodingKeys, from container: KeyedDecodingContainer<CodingKeys>) throws -> [UInt8] {
        let text = try container.decode(String.self, forKey: key)
        guard text.utf8.count == 64, let bytes = [UInt8](hex: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "expected 64 hex digits")
        }
        return bytes
    }
}
