import AccountEngine

/// Short accessors for reading peers' answers and vectors in tests.
extension JSONValue {
    public subscript(index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }

    public var string: String? { stringValue }
    public var array: [JSONValue] { arrayValue ?? [] }
    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
    public var uint: UInt64? {
        if case .number(let number) = self { return number.plainUnsignedInteger }
        return nil
    }
}
