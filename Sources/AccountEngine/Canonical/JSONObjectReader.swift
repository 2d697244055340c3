/// Reads the members of a JSON object for strict model decoding: each member is taken once with
/// its expected type, and `finish()` refuses any member nobody asked for. Failures are made by
/// `makeError`, so each module reports them with its own error type (the engine's models, the
/// HTTP API's request bodies).
package struct JSONObjectReader<Failure: Error> {
    private let object: JSONObject
    private let context: String
    private let makeError: (String) -> Failure
    private var taken: Set<[UInt8]> = []

    package init(_ value: JSONValue, context: String, error makeError: @escaping (String) -> Failure) throws(Failure) {
        guard case .object(let object) = value else { throw makeError("\(context) must be a JSON object, not \(value.typeName)") }
        self.object = object
        self.context = context
        self.makeError = makeError
    }

    package func failure(_ message: String) -> Failure { makeError("\(context): \(message)") }

    package mutating func optional(_ key: String) -> JSONValue? {
        taken.insert(Array(key.utf8))
        return object[key]
    }

    package mutating func required(_ key: String) throws(Failure) -> JSONValue {
        guard let value = optional(key) else { throw failure("missing member \"\(key)\"") }
        return value
    }

    package mutating func string(_ key: String, maxBytes: Int = 1024) throws(Failure) -> String {
        guard case .string(let string) = try required(key) else { throw failure("\"\(key)\" must be a string") }
        guard string.utf8.count <= maxBytes else { throw failure("\"\(key)\" is longer than \(maxBytes) bytes") }
        return string
    }

    /// A plain non-negative integer literal below 2^53 (section 3: nonces are integers below 2^53).
    package mutating func safeInteger(_ key: String) throws(Failure) -> UInt64 {
        guard case .number(let number) = try required(key) else { throw failure("\"\(key)\" must be an integer") }
        guard let integer = number.plainUnsignedInteger, integer < (1 << 53) else {
            throw failure("\"\(key)\" must be a non-negative integer below 2^53 written without sign, fraction or exponent")
        }
        return integer
    }

    package mutating func array(_ key: String) throws(Failure) -> [JSONValue] {
        guard case .array(let array) = try required(key) else { throw failure("\"\(key)\" must be an array") }
        return array
    }

    package func finish() throws(Failure) {
        for key in object.keys where !taken.contains(Array(key.utf8)) {
            throw failure("unknown member \(quoted(key))")
        }
    }
}
