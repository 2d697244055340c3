import Foundation
import Testing

@Suite("chainmail --version")
struct VersionTests {
    @Test("--version prints the version from Version.swift and exits 0")
    func version() async throws {
        let run = try await ChainmailExecutable.run(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout == "1.1.0\n")
    }
}
