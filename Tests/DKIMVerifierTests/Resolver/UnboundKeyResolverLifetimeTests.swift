import DKIMVerifier
import Foundation
import Testing

@Suite("UnboundKeyResolver lifetime")
struct UnboundKeyResolverLifetimeTests {
    private static func threadCount() -> Int? {
        try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count
    }

    @Test(
        "stops its threads and frees libunbound when released",
        .enabled(if: threadCount() != nil, "counts threads in /proc")
    )
    func releasesThreads() async throws {
        let before = try #require(Self.threadCount())
        for _ in 0..<20 {
            // Each resolver has a loop thread, and libunbound one more once it has a query.
            let resolver = try UnboundKeyResolver(
                configuration: .init(forwarders: ["127.0.0.1@9"], trustAnchorFile: nil, queryTimeout: .milliseconds(50))
            )
            _ = await resolver.lookupTXT("sel._domainkey.chainmail.example")
        }
        try await Task.sleep(for: .milliseconds(500))
        let after = try #require(Self.threadCount())
        // 20 leaked resolvers would leave 40 threads; other tests running alongside add a few.
        #expect(after - before < 20, "\(before) threads before, \(after) after")
    }
}
