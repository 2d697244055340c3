/// A code encodes as its name alone, the string clients, stored outcomes and replies carry; a name
/// outside the catalogue does not decode, since no code exists outside it.
extension ErrorCode: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let code = ErrorCode.named(name) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(name)\" is not a catalogued error code")
        }
        self = code
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
