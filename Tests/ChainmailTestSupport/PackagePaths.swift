import Foundation

/// Where the package, its documents and its test data are, found from this file: tests read only
/// the repository.
public enum PackagePaths {
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // ChainmailTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `docs/`: PROTOCOL.md, DESIGN.md and the project's other documents.
    public static var docs: URL { root.appendingPathComponent("docs") }

    /// `testdata/vectors/`: the test vectors computed by independent libraries.
    public static var vectors: URL { root.appendingPathComponent("testdata/vectors") }

    /// `testdata/corpora/`: DKIM test suites written by other projects.
    public static var corpora: URL { root.appendingPathComponent("testdata/corpora") }

    /// One of the independent peers of `scripts/peers/`.
    public static func peer(_ name: String) -> URL {
        root.appendingPathComponent("scripts/peers").appendingPathComponent(name)
    }
}
