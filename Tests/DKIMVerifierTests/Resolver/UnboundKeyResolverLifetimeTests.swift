import DKIMVerifier
import Foundation
import Testing

@Suite("UnboundKeyResolver lifetime")
struct UnboundKeyResolverLifetimeTests {
    /// The resolvers' own loop threads (named "chainmail-dns"): counting only these keeps other
    /// tests running alongside out of the figure.
    private static func threadCount() -> Int? {
        guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task") else { return nil }
        return tasks.filter { task in
            let name = (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)) ?? ""
            return name.hasPrefix("chainmail-dns")
        }.count
    }

    /// Resolvers made and released by the test: enough that their threads, if leaked, stand far
    /// above what other tests' live resolvers add.
    private static let released = 80

    @Test(
        "stops its threads and frees libunbound when released",
        .enabled(if: threadCount() != nil, "counts threads in /proc")
    )
    func releasesThreads() async throws {
        let before = try #require(Self.threadCount())
        // The count sees a live resolver's thread, so it would see leaked ones.
        let live = try UnboundKeyResolver(
            configuration: .init(forwarders: ["127.0.0.1@9"], trustAnchorFile: nil, queryTimeout: .milliseconds(50))
        )
        _ = await live.lookupTXT("sel._domainkey.chainmail.example")
        #expect(try #require(Self.threadCount()) > before)
        _ = live
        for _ in 0..<Self.released {
            // Each resolver has a loop thread, and libunbound one more once it has a query.
            let resolver = try UnboundKeyResolver(
                configuration: .init(forwarders: ["127.0.0.1@9"], trustAnchorFile: nil, queryTimeout: .milliseconds(50))
            )
            _ = await resolver.lookupTXT("sel._domainkey.chainmail.example")
        }
        try await Task.sleep(for: .milliseconds(500))
        let after = try #require(Self.threadCount())
        // Other tests' resolvers come and go meanwhile (the DNS suites' alongside: up to 16 threads
        // seen); the released ones, leaked, would leave at least one thread each.
        #expect(after - before < Self.released / 2, "\(before) resolver threads before, \(after) after")
    }
}
