import ChainmailTestSupport
import Foundation

/// `testdata/corpora/`: DKIM test suites written by other projects (their origin and licences are
/// in its README).
enum CorpusFiles {
    static func url(_ relativePath: String) -> URL { PackagePaths.corpora.appendingPathComponent(relativePath) }

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(relativePath)))
    }

    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }
}
