import AccountEngine
import Foundation
import HTTPAPI
import HTTPTypes
import Testing

@Suite("PUT /v1/oidc/{issuer}/keys: the operator's bearer token")
struct OperatorRouteTests {
    static let token = "operator-token-for-tests-0123456789"
    static let jwks = #"{"keys":[]}"#

    @Test("without a configured token the route answers 404 operator_route_disabled, whatever is sent")
    func disabled() async throws {
        try await withLiveServer { server in
            let answer = try await Self.putKeysWithToken(server)
            #expect(answer.status == 404)
            #expect(answer.errorCode == "operator_route_disabled")
        }
    }

    @Test("a missing, malformed or wrong token is 401 with WWW-Authenticate, before the body is looked at")
    func wrongTokens() async throws {
        try await withLiveServer(settings: .testing(\.operatorToken, Self.token)) { server in
            let client = APIClient(server)
            let attempts: [HTTPFields] = [
                [:],
                [.authorization: Self.token],
                [.authorization: "Basic \(Self.token)"],
                [.authorization: "Bearer \(Self.token.dropLast())"],
                [.authorization: "Bearer \(Self.token)x"],
                [.authorization: "Bearer \(Self.token.uppercased())"],
            ]
            for headers in attempts {
                let answer = try await client.send(.put, "/v1/oidc/https%3A%2F%2Fissuer.example/keys", body: Array("not json".utf8), headers: headers)
                #expect(answer.status == 401, "\(headers)")
                #expect(answer.errorCode == "unauthorized")
                #expect(answer.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
        }
    }

    @Test("the right token without a key registry wired in is 404 operator_route_disabled too")
    func noRegistry() async throws {
        try await withLiveServer(settings: .testing(\.operatorToken, Self.token)) { server in
            let answer = try await Self.putKeysWithToken(server)
            #expect(answer.status == 404)
            #expect(answer.errorCode == "operator_route_disabled")
        }
    }

    /// PUT /v1/oidc/{issuer}/keys with an empty JWKS and the right bearer token.
    static func putKeysWithToken(_ server: LiveServer) async throws -> APIAnswer {
        try await APIClient(server).send(
            .put,
            "/v1/oidc/https%3A%2F%2Fissuer.example/keys",
            body: Array(jwks.utf8),
            headers: [.authorization: "Bearer \(token)"]
        )
    }

    @Test("constant-time comparison: equal only for identical bytes, whatever the lengths")
    func constantTime() {
        #expect(OperatorTokenCheck.matches("abc", expected: "abc"))
        #expect(!OperatorTokenCheck.matches("abd", expected: "abc"))
        #expect(!OperatorTokenCheck.matches("ab", expected: "abc"))
        #expect(!OperatorTokenCheck.matches("abcd", expected: "abc"))
        #expect(!OperatorTokenCheck.matches("", expected: "abc"))
        #expect(!OperatorTokenCheck.matches("abc\u{0}", expected: "abc"))
    }
}

@Suite("health, metrics and graceful shutdown")
struct OperationsTests {
    @Test("GET /healthz is 200 {\"status\":\"ok\"}; GET /metrics is Prometheus text with the request histogram")
    func healthAndMetrics() async throws {
        try await withLiveServer { server in
            let client = APIClient(server)
            let health = try await client.get("/healthz")
            #expect(health.status == 200)
            #expect(health.text == #"{"status":"ok"}"#)
            server.metrics.recordIMAPLag(seconds: 12.5)
            let metrics = try await client.get("/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains("# TYPE chainmail_http_request_duration_seconds histogram"))
            #expect(metrics.text.contains(#"chainmail_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"} 1"#))
            #expect(metrics.text.contains("chainmail_imap_lag_seconds 12.5"))
        }
    }

    @Test("a graceful shutdown lets a request in flight finish, then the port stops answering")
    func gracefulShutdown() async throws {
        let server = try await LiveServer()
        defer { server.removeFiles() }
        let client = APIClient(server)
        #expect(try await client.get("/healthz").status == 200)
        try await server.stop()
        await #expect(throws: (any Error).self) { _ = try await client.get("/healthz") }
    }
}
