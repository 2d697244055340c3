import AccountEngine

/// Reads the members of a request body object strictly: the body must be an object holding
/// exactly the named members (unknown ones are refused), each of the expected type.
struct StrictObject {
    private let object: JSONObject
    private let context: String

    init(_ value: JSONValue, context: String, members: Set<String>) throws(HTTPAPIError) {
        guard case .object(let object) = value else { throw .invalidRequest("\(context) must be a JSON object, not \(value.typeName)") }
        for key in object.keys where !members.contains(key) {
            throw .invalidRequest("\(context): unknown member \(APIText.quoted(key))")
        }
        self.object = object
        self.context = context
    }

    func required(_ key: String) throws(HTTPAPIError) -> JSONValue {
        guard let value = object[key] else { throw .invalidRequest("\(context): missing member \"\(key)\"") }
        return value
    }

    func string(_ key: String, maxBytes: Int) throws(HTTPAPIError) -> String {
        guard case .string(let text) = try required(key) else { throw .invalidRequest("\(context): \"\(key)\" must be a string") }
        guard text.utf8.count <= maxBytes else { throw .invalidRequest("\(context): \"\(key)\" is longer than \(maxBytes) bytes") }
        return text
    }
}
