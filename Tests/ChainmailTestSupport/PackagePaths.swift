import Foundation

/// Where the package and the shared folder of PROTOCOL.md are, found from this file.
public enum PackagePaths {
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // ChainmailTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `$CHAINMAIL_SHARED`, else `../shared` beside the package root.
    public static var shared: URL {
        if let path = ProcessInfo.processInfo.environment["CHAINMAIL_SHARED"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return root.deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// The test vectors computed by independent libraries.
    public static var vectors: URL { shared.appendingPathComponent("vectors") }

    /// One of the independent peers of `scripts/peers/`.
    public static func peer(_ name: String) -> URL {
        root.appendingPathComponent("scripts/peers").appendingPathComponent(name)
    }
}
