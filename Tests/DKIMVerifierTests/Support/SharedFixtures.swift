import ChainmailTestSupport
import Foundation

/// The project's `../shared` folder: vectors and corpora written outside this project.
enum SharedFixtures {
    static var root: URL { PackagePaths.shared }

    static func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(relativePath)))
    }

    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }
}
