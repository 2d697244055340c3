import Logging
import NEARClient
import Testing

@Suite("NEAR RPC client over HTTP")
struct ClientConnectionTests {
    @Test("an RPC that refuses the connection is near_rpc_unavailable, temporary")
    func connectionRefused() async throws {
        // Port 1 on the loopback: nothing listens there. The client retries the connection until the
        // request time-out, then reports the refusal (not a time-out).
        let client = NEARRPCClient(rpcURL: "http://127.0.0.1:1", requestTimeout: .seconds(1), logger: Logger(label: "test"))
        let error = try await #require(throws: NEARRPCError.self) { try await client.block() }
        #expect(error.code == .nearRpcUnavailable)
        #expect(error.isTemporary)
    }
}
