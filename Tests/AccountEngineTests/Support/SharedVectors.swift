import AccountEngine
import Foundation

/// The shared folder of PROTOCOL.md and its vectors: `$CHAINMAIL_SHARED`, else `../shared`
/// beside the package root.
enum SharedVectors {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // AccountEngineTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static var sharedFolder: URL {
        if let path = ProcessInfo.processInfo.environment["CHAINMAIL_SHARED"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// A vector file parsed with the engine's own strict parser (it must read them anyway).
    static func load(_ name: String) throws -> JSONValue {
        let data = try Data(contentsOf: sharedFolder.appendingPathComponent("vectors").appendingPathComponent(name))
        return try StrictJSONParser(maxBytes: 8 << 20, maxDepth: 64).parse(Array(data))
    }

    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: sharedFolder.appendingPathComponent(relativePath), encoding: .utf8)
    }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? { objectValue?[key] }
    subscript(index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }

    var string: String? { stringValue }
    var array: [JSONValue] { arrayValue ?? [] }
    var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
    var uint: UInt64? {
        if case .number(let number) = self { return number.plainUnsignedInteger }
        return nil
    }
}
