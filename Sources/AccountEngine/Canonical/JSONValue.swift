/// A parsed JSON document that keeps what was sent: member order, number literals and exact
/// string scalars. txHash is computed over this structure (section 3), before any model decoding
/// or normalisation could change what the user signed.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// A JSON number as written, with its IEEE-754 value (what RFC 8785 serialises).
public struct JSONNumber: Sendable, Hashable {
    /// The literal as it appeared in the text (or as produced for a value built in code).
    public let literal: String
    /// The value as an IEEE-754 double, as ECMAScript would read it.
    public let value: Double

    package init(literal: String, value: Double) {
        self.literal = literal
        self.value = value
    }

    public init(_ integer: Int64) {
        self.literal = String(integer)
        self.value = Double(integer)
    }

    public init(_ integer: UInt64) {
        self.literal = String(integer)
        self.value = Double(integer)
    }

    /// The number when it was written as a plain non-negative integer (no sign, fraction or exponent)
    /// that fits in 64 bits.
    public var plainUnsignedInteger: UInt64? {
        guard !literal.isEmpty, literal.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return UInt64(literal)
    }
}

/// A JSON object's members in the order they were written. Keys are unique (the parser refuses
/// duplicates, compared as exact UTF-8 bytes).
public struct JSONObject: Sendable, Hashable {
    public struct Member: Sendable, Hashable {
        public let key: String
        public let value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    public let members: [Member]

    public init(_ members: [Member]) {
        self.members = members
    }

    public init(_ pairs: KeyValuePairs<String, JSONValue>) {
        self.members = pairs.map { Member(key: $0.key, value: $0.value) }
    }

    /// The value under `key`, compared as exact UTF-8 bytes (not Unicode canonical equivalence).
    public subscript(key: String) -> JSONValue? {
        members.first { $0.key.utf8.elementsEqual(key.utf8) }?.value
    }

    public var keys: [String] { members.map(\.key) }
}

extension JSONValue {
    public static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(JSONObject(pairs))
    }

    public static func integer(_ value: UInt64) -> JSONValue {
        .number(JSONNumber(value))
    }

    /// The member `key` of an object (nil for anything else).
    public subscript(key: String) -> JSONValue? { objectValue?[key] }

    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let array) = self { return array }
        return nil
    }

    /// The JSON type name, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
