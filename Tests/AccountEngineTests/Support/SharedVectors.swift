import AccountEngine
import ChainmailTestSupport
import Foundation

/// The shared folder's vectors and texts (PackagePaths.shared).
enum SharedVectors {
    /// A vector file parsed with the engine's own strict parser (it must read them anyway).
    static func load(_ name: String) throws -> JSONValue {
        let data = try Data(contentsOf: PackagePaths.vectors.appendingPathComponent(name))
        return try StrictJSONParser(maxBytes: 8 << 20, maxDepth: 64).parse(Array(data))
    }

    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: PackagePaths.shared.appendingPathComponent(relativePath), encoding: .utf8)
    }
}
