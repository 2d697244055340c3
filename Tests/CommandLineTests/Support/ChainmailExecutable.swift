import ChainmailTestSupport
import Foundation
import Testing

/// The `chainmail` executable the package built, run as an operator runs it.
enum ChainmailExecutable {
    #if DEBUG
    static let path = PackagePaths.root.appendingPathComponent(".build/debug/chainmail").path
    #else
    /// A release test run (`make bench-scale`) runs the release build of the same run.
    static let path = PackagePaths.root.appendingPathComponent(".build/release/chainmail").path
    #endif

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ arguments: [String], environment: [String: String]? = nil) async throws -> Run {
        try #require(FileManager.default.isExecutableFile(atPath: path), "build chainmail first (make test does)")
        let result = try await ProcessRunner.run(path, arguments, environment: environment, timeLimit: .seconds(120))
        return Run(
            status: result.status,
            stdout: String(decoding: result.stdout, as: UTF8.self),
            stderr: String(decoding: result.stderr, as: UTF8.self)
        )
    }

    /// Like `run`, but a non-zero exit fails the test with the command's standard error.
    @discardableResult
    static func check(_ arguments: [String]) async throws -> String {
        let run = try await run(arguments)
        guard run.status == 0 else {
            throw PeerProcess.Failure(description: "chainmail \(arguments.joined(separator: " ")) exited \(run.status): \(run.stderr)")
        }
        return run.stdout
    }

    /// The environment of the test process without `CHAINMAIL_DATA_DIR`, so defaults are the test's own.
    static var cleanEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.filter { $0.key != "CHAINMAIL_DATA_DIR" }
    }
}

/// A temporary folder for one test, removed at the end.
struct WorkFolder: ~Copyable {
    let url: URL

    init(_ prefix: String) throws {
        url = try PeerProcess.temporaryDirectory(prefix)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `text` to `name` in the folder and returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Every file and folder below `name` (relative paths), for "created nothing" checks.
    func contents(of name: String) -> [String] {
        (FileManager.default.subpaths(atPath: path(name)) ?? []).sorted()
    }
}

/// The permission bits of a file (`0o600`), without following a final symbolic link.
func permissionBits(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
}
