import ChainmailTestSupport
import Testing

/// One TLS-only PostgreSQL cluster (`PostgresPeer.start(tls: true)`) for a whole suite: started
/// before its first test, stopped and removed after its last (or when the test process ends).
/// The suite's tests read it as `PostgresTLSCluster.peer`.
struct PostgresTLSCluster: SuiteTrait, TestScoping {
    @TaskLocal private static var current: PostgresPeer?

    /// The suite's cluster; an error outside a suite with the trait.
    static var peer: PostgresPeer {
        get throws {
            guard let current else { throw PeerProcess.Failure(description: "no TLS cluster: give the suite the .postgresTLSCluster trait") }
            return current
        }
    }

    func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        let peer = try await PostgresPeer.start(tls: true)
        do {
            try await Self.$current.withValue(peer) { try await function() }
        } catch {
            await peer.cleanUp()
            throw error
        }
        await peer.cleanUp()
    }
}

extension Trait where Self == PostgresTLSCluster {
    /// One TLS-only PostgreSQL cluster for the suite (`PostgresTLSCluster.peer`).
    static var postgresTLSCluster: Self { PostgresTLSCluster() }
}
