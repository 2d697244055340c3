import Foundation

/// Where the package and the shared folder are, found from this file.
enum PackagePaths {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // HTTPAPITests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static var shared: URL {
        if let path = ProcessInfo.processInfo.environment["CHAINMAIL_SHARED"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return root.deletingLastPathComponent().appendingPathComponent("shared")
    }

    static func peer(_ name: String) -> URL {
        root.appendingPathComponent("scripts/peers").appendingPathComponent(name)
    }
}
