import Foundation

/// The project's `../shared` folder: vectors and corpora written outside this project.
enum SharedFixtures {
    static let root: URL = {
        if let path = ProcessInfo.processInfo.environment["CHAINMAIL_SHARED"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        // Tests/DKIMVerifierTests/Support/SharedFixtures.swift → package root → ../shared
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared")
    }()

    static func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(relativePath)))
    }

    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }
}
