/// Reads the members of a JSON object for strict model decoding: each member is taken once with
/// its expected type, and `finish()` refuses any member nobody asked for.
struct JSONObjectReader {
    private let object: JSONObject
    private let context: String
    private let makeError: @Sendable (String) -> EngineError
    private var taken: Set<[UInt8]> = []

    init(_ value: JSONValue, context: String, error makeError: @escaping @Sendable (String) -> EngineError) throws(EngineError) {
        guard case .object(let object) = value else { throw makeError("\(context) must be a JSON object, not \(value.typeName)") }
        self.object = object
        self.context = context
        self.makeError = makeError
    }

    func failure(_ message: String) -> EngineError { makeError("\(context): \(message)") }

    mutating func optional(_ key: String) -> JSONValue? {
        taken.insert(Array(key.utf8))
        return object[key]
    }

    mutating func required(_ key: String) throws(EngineError) -> JSONValue {
        guard let value = optional(key) else { throw failure("missing member \"\(key)\"") }
        return value
    }

    mutating func string(_ key: String, maxBytes: Int = 1024) throws(EngineError) -> String {
        guard case .string(let string) = try required(key) else { throw failure("\"\(key)\" must be a string") }
        guard string.utf8.count <= maxBytes else { throw failure("\"\(key)\" is longer than \(maxBytes) bytes") }
        return string
    }

    /// A plain non-negative integer literal below 2^53 (section 3: nonces are integers below 2^53).
    mutating func safeInteger(_ key: String) throws(EngineError) -> UInt64 {
        guard case .number(let number) = try required(key) else { throw failure("\"\(key)\" must be an integer") }
        guard let integer = number.plainUnsignedInteger, integer < (1 << 53) else {
            throw failure("\"\(key)\" must be a non-negative integer below 2^53 written without sign, fraction or exponent")
        }
        return integer
    }

    mutating func array(_ key: String) throws(EngineError) -> [JSONValue] {
        guard case .array(let array) = try required(key) else { throw failure("\"\(key)\" must be an array") }
        return array
    }

    func finish() throws(EngineError) {
        for key in object.keys where !taken.contains(Array(key.utf8)) {
            throw failure("unknown member \(quoted(key))")
        }
    }
}
