import AccountEngine
import ChainmailTestSupport
import Foundation
import Testing

/// `chainmail dkim verify` given a directory or `-` (paths on standard input) verifies the same
/// files, in the same order, with the same verdicts as when each file is named on the command line.
@Suite("chainmail dkim verify: directories and paths on standard input")
struct DKIMVerifyCommandTests {
    static let binary = PackagePaths.root.appendingPathComponent(".build/debug/chainmail").path
    static let folder = PipelineFixture.emails

    /// The `{"file","result"}` of each JSON line, in order, and the exit status.
    static func verify(_ paths: [String], stdin: String = "") async throws -> (lines: [(file: String, result: String)], status: Int32) {
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build chainmail first (make test does)")
        let dns = folder.appendingPathComponent("dns.txt").path
        let arguments = ["dkim", "verify", "--json", "--dns-file", dns, "--now", "1795000000"] + paths
        let result = try await ProcessRunner.run(binary, arguments, stdin: Array(stdin.utf8))
        let lines = try String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").map { line in
            let json = try StrictJSONParser().parse(String(line))
            return (file: try #require(json["file"]?.string), result: try #require(json["result"]?.string))
        }
        return (lines, result.status)
    }

    /// Every regular file of the fixture folder, by name as bytes.
    static func regularFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { name in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory)
                    && !isDirectory.boolValue
            }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { folder.appendingPathComponent($0).path }
    }

    @Test("a directory stands for every regular file in it, in file-name order, with the verdicts the files get one by one")
    func directoryIsItsFiles() async throws {
        let files = try Self.regularFiles()
        #expect(files.count > 35)  // the mails and the fixture's dns.txt, accounts.json, expected.json, now
        let byFile = try await Self.verify(files)
        let byDirectory = try await Self.verify([Self.folder.path])
        #expect(byDirectory.status == 0)
        #expect(byDirectory.lines.map(\.file) == files)
        #expect(byDirectory.lines.map(\.result) == byFile.lines.map(\.result))
        #expect(byDirectory.lines.contains { $0.result == "pass" })
        #expect(byDirectory.lines.contains { $0.result == "none" })
    }

    @Test("- reads paths from standard input, one a line, in the order given, mixed with arguments and directories")
    func pathsFromStandardInput() async throws {
        let files = try Self.regularFiles().filter { $0.hasSuffix(".eml") }
        let chosen = [files[3], files[0], files[7]]
        let run = try await Self.verify(["-", files[1], Self.folder.path + "/"], stdin: chosen.joined(separator: "\n") + "\n\n")
        #expect(run.status == 0)
        let directory = try Self.regularFiles()
        #expect(run.lines.map(\.file) == chosen + [files[1]] + directory.map { Self.folder.path + "/" + ($0 as NSString).lastPathComponent })
        let single = try await Self.verify([files[3]])
        #expect(run.lines.first?.result == single.lines.first?.result)
    }

    @Test("a path from standard input that cannot be read is reported and the others are still verified, exit 1")
    func unreadablePathFromStandardInput() async throws {
        let mail = try #require(Self.regularFiles().first { $0.hasSuffix(".eml") })
        let run = try await Self.verify(["-"], stdin: "\(Self.folder.path)/no-such-mail.eml\n\(mail)\n")
        #expect(run.status == 1)
        #expect(run.lines.map(\.file) == [mail])
    }

    @Test("an empty directory verifies nothing and succeeds")
    func emptyDirectory() async throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-dkim-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let run = try await Self.verify([empty.path])
        #expect(run.status == 0)
        #expect(run.lines.isEmpty)
    }
}
