import AccountEngine
import ChainmailTestSupport
import Foundation

/// The vectors of `testdata/vectors/` and the documents of `docs/`.
enum TestVectors {
    /// A vector file parsed with the engine's own strict parser (it must read them anyway).
    static func load(_ name: String) throws -> JSONValue {
        let data = try Data(contentsOf: PackagePaths.vectors.appendingPathComponent(name))
        return try StrictJSONParser(maxBytes: 8 << 20, maxDepth: 64).parse(Array(data))
    }

    static func document(_ name: String) throws -> String {
        try String(contentsOf: PackagePaths.docs.appendingPathComponent(name), encoding: .utf8)
    }
}
