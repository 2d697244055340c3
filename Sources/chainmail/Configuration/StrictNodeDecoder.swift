import Yams

/// A `Decoder` over one Yams node that refuses what a setting cannot hold, with the node's line and
/// column, and tells the report which keys each mapping was asked for.
struct StrictNodeDecoder: Decoder {
    let node: Node
    let codingPath: [any CodingKey]
    let report: DecodingReport
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let mapping) = node else { throw fail("expected a section of settings (key: value lines)") }
        report.reached(mapping, at: codingPath, recognises: { Key(stringValue: $0) != nil })
        return KeyedDecodingContainer(StrictKeyedContainer<Key>(mapping: mapping, decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let sequence) = node else { throw fail("expected a list") }
        return StrictUnkeyedContainer(sequence: sequence, decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        StrictSingleValueContainer(decoder: self)
    }

    /// A decoder for a node below this one.
    func child(_ node: Node, key: any CodingKey) -> StrictNodeDecoder {
        StrictNodeDecoder(node: node, codingPath: codingPath + [key], report: report)
    }

    /// Records `expected …, found …` for this node and returns the error that unwinds to the
    /// nearest optional setting.
    func fail(_ expectation: String) -> RecordedProblem {
        let setting = SettingPath.text(codingPath)
        report.record("\(setting.isEmpty ? "" : setting + ": ")\(expectation), found \(Self.describe(node))", at: node)
        return RecordedProblem()
    }

    var isNull: Bool { node.null != nil }

    /// Decodes this node as `T`: words, numbers and flags here, with the accepted values or range
    /// named on refusal; anything else by `T`'s own `init(from:)`.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if let enumerated = T.self as? any EnumeratedSetting.Type {
            guard case .scalar(let scalar) = node, enumerated.acceptedValues.contains(scalar.string) else {
                throw fail("expected one of \(enumerated.acceptedValues.joined(separator: ", "))")
            }
        }
        if let integer = T.self as? any FixedWidthInteger.Type {
            return try decodeInteger(integer) as! T
        }
        if T.self == String.self {
            guard case .scalar(let scalar) = node, !isNull else { throw fail("expected a text value") }
            return scalar.string as! T
        }
        if T.self == Bool.self {
            guard case .scalar(let scalar) = node, let value = Bool.construct(from: scalar) else { throw fail("expected true or false") }
            return value as! T
        }
        if T.self == Double.self || T.self == Float.self {
            guard case .scalar(let scalar) = node, let value = Double.construct(from: scalar) else { throw fail("expected a number") }
            return (T.self == Float.self ? Float(value) as Any : value as Any) as! T
        }
        do {
            let value = try T(from: self)
            report.finished(at: codingPath)
            return value
        } catch let error as RecordedProblem {
            throw error
        } catch let error as DecodingError {
            throw fail(Self.explain(error))
        } catch {
            let setting = SettingPath.text(codingPath)
            report.record("\(setting.isEmpty ? "" : setting + ": ")\(error)", at: node)
            throw RecordedProblem()
        }
    }

    private func decodeInteger<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        let expectation =
            I.bitWidth >= 64
            ? (I.isSigned ? "expected an integer" : "expected a whole number from 0") : "expected an integer from \(I.min) to \(I.max)"
        guard case .scalar(let scalar) = node else { throw fail(expectation) }
        let value: I? =
            I.isSigned ? Int64.construct(from: scalar).flatMap { I(exactly: $0) } : UInt64.construct(from: scalar).flatMap { I(exactly: $0) }
        guard let value else { throw fail(expectation) }
        return value
    }

    /// A type's own refusal, as a sentence.
    private static func explain(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "missing setting \(key.stringValue)"
        case .typeMismatch(let type, _): "expected \(type)"
        case .valueNotFound(let type, _): "expected \(type)"
        case .dataCorrupted(let context): context.debugDescription
        @unknown default: "\(error)"
        }
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): node.null != nil ? "nothing" : "\"\(scalar.string)\""
        case .mapping: "a section of settings"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
