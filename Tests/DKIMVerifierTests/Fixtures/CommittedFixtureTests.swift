import DKIMVerifier
import Foundation
import Testing

/// testdata/dkim: messages signed by dkimpy (scripts/make-dkim-fixtures.py), which `make demo` shows.
@Suite("Committed DKIM fixtures")
struct CommittedFixtureTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("testdata/dkim")

    static let expected: [String: String] = {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent("expected.json")) else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: data)) ?? [:]
    }()

    @Test("every fixture gets the verdict in expected.json", arguments: expected.keys.sorted())
    func fixtureVerdict(_ name: String) async throws {
        let resolver = try StaticKeyResolver(fakeDNSFile: Self.folder.appendingPathComponent("dns.txt").path)
        let message = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name)))
        let verdict = await DKIMVerifier(resolver: resolver).verify(message: message, now: Int64(Date().timeIntervalSince1970))
        #expect(verdict.result.rawValue == Self.expected[name])
    }

    @Test("the fixtures are there")
    func fixturesPresent() {
        #expect(Self.expected.count == 10)
    }
}
