import AccountEngine
import ChainmailTestSupport
import Foundation
import HTTPAPI
import Testing

/// The per-client limits of the HTTP API, each proven with real connections from several loopback
/// source addresses (127.0.0.1, 127.0.0.2, …), which are several clients to the server.
@Suite("abuse limits: request rate, prepared transactions and accounts per client, the read token", .timeLimit(.minutes(5)))
struct AbuseLimitTests {
    static let readToken = "read-token-0123456789abcdef"

    private static func account(_ id: String, _ email: String) throws -> String {
        #"{"accountId":"\#(id)","authIdentity":\#(try Identities.oidc(email).json.compactText)}"#
    }

    private static func transaction(_ accountId: String) -> String {
        #"{"transaction":\#(TransactionText.make(accountId, nonce: 0, [TransactionText.callChainSig(payload: TransactionText.randomPayload())]))}"#
    }

    @Test("past its burst a client's POSTs are 429 rate_limited with Retry-After; another client and GET routes are unaffected")
    func rateLimitPerClient() async throws {
        var settings = HTTPAPISettings.testing
        settings.rateLimit = HTTPRateLimit(requestsPerMinute: 1, burst: 3)
        try await withLiveServer(settings: settings) { server in
            let first = SourceBoundClient(server, from: "127.0.0.2")
            for index in 0..<3 {
                let answer = try await first.post("/v1/accounts", json: try Self.account("first\(index)", "first\(index)@example.com"))
                #expect(answer.status == 201, "\(answer.text)")
            }
            let limited = try await first.post("/v1/accounts", json: try Self.account("first3", "first3@example.com"))
            #expect(limited.status == 429)
            #expect(limited.errorCode == "rate_limited")
            let retryAfter = limited.headers[values: .init("Retry-After")!].first.flatMap { Int($0) } ?? 0
            #expect((1...60).contains(retryAfter), "Retry-After \(retryAfter)")
            #expect(try await first.post("/v1/execute", json: "{}").status == 429, "every POST route shares the bucket")
            #expect(try await first.get("/v1/accounts/first0").status == 200, "reads are not rate limited")
            #expect(try await server.store.account(id: "first3") == nil)

            let second = SourceBoundClient(server, from: "127.0.0.3")
            let other = try await second.post("/v1/accounts", json: try Self.account("second", "second@example.com"))
            #expect(other.status == 201, "\(other.text)")
        }
    }

    @Test("a client that prepared its hourly quota of transactions is 429 too_many_prepared_transactions; refusals do not count; others go on")
    func preparedTransactionQuota() async throws {
        var settings = HTTPAPISettings.testing
        settings.limits.preparedTransactionsPerClientPerHour = 2
        try await withLiveServer(settings: settings) { server in
            let client = SourceBoundClient(server, from: "127.0.0.4")
            #expect(try await client.post("/v1/accounts", json: try Self.account("alice", "alice@example.com")).status == 201)
            #expect(try await client.post("/v1/transactions", json: #"{"transaction":{}}"#).status == 400, "refused: not counted")
            for _ in 0..<2 {
                let prepared = try await client.post("/v1/transactions", json: Self.transaction("alice"))
                #expect(prepared.status == 201, "\(prepared.text)")
            }
            let over = try await client.post("/v1/transactions", json: Self.transaction("alice"))
            #expect(over.status == 429)
            #expect(over.errorCode == "too_many_prepared_transactions")
            #expect(over.headers[values: .init("Retry-After")!].first.flatMap { Int($0) }.map { $0 >= 1 } == true)

            let other = try await SourceBoundClient(server, from: "127.0.0.5").post("/v1/transactions", json: Self.transaction("alice"))
            #expect(other.status == 201, "\(other.text)")
        }
    }

    @Test("a client that created its hourly quota of accounts is 429 too_many_accounts_created; refusals do not count; others go on")
    func accountQuota() async throws {
        var settings = HTTPAPISettings.testing
        settings.limits.accountsPerClientPerHour = 1
        try await withLiveServer(settings: settings) { server in
            let client = SourceBoundClient(server, from: "127.0.0.6")
            #expect(try await client.post("/v1/accounts", json: try Self.account("Not Valid", "x@example.com")).status == 400)
            #expect(try await client.post("/v1/accounts", json: try Self.account("alice", "alice@example.com")).status == 201)
            let over = try await client.post("/v1/accounts", json: try Self.account("bob", "bob@example.com"))
            #expect(over.status == 429)
            #expect(over.errorCode == "too_many_accounts_created")
            #expect(try await server.store.account(id: "bob") == nil)
            let other = try await SourceBoundClient(server, from: "127.0.0.7").post(
                "/v1/accounts",
                json: try Self.account("carol", "carol@example.com")
            )
            #expect(other.status == 201, "\(other.text)")
        }
    }

    @Test("with http.readToken the routes that reveal identities answer 401 read_token_required without it or with another; others stay open")
    func readToken() async throws {
        try await withLiveServer(settings: .testing(\.readToken, Self.readToken)) { server in
            let client = SourceBoundClient(server, from: "127.0.0.1")
            #expect(try await client.post("/v1/accounts", json: try Self.account("alice", "alice@example.com")).status == 201)
            let identity = queryEncoded(try Identities.oidc("alice@example.com").json.compactText)
            for path in ["/v1/accounts/alice", "/v1/accounts?identity=\(identity)"] {
                let missing = try await client.get(path)
                #expect(missing.status == 401, "\(path)")
                #expect(missing.errorCode == "read_token_required")
                #expect(missing.headers[values: .wwwAuthenticate].first?.contains("Bearer") == true)
                #expect(!missing.text.contains("alice@example.com"))
                let wrong = try await client.get(path, headers: ["Authorization": "Bearer \(Self.readToken.dropLast())x"])
                #expect(wrong.status == 401, "\(path)")
                let shorter = try await client.get(path, headers: ["Authorization": "Bearer \(Self.readToken.dropLast())"])
                #expect(shorter.status == 401, "\(path)")
                let right = try await client.get(path, headers: ["Authorization": "Bearer \(Self.readToken)"])
                #expect(right.status == 200, "\(path): \(right.text)")
                #expect(right.text.contains("alice@example.com"))
            }
            #expect(try await client.get("/v1/transactions/\(String(repeating: "0", count: 64))").status == 404)
            #expect(try await client.get("/healthz").status == 200)
            #expect(APIRoute.allCases.filter(\.revealsIdentities).map(\.path).sorted() == ["/v1/accounts", "/v1/accounts/{accountId}"])
        }
    }

    @Test("X-Forwarded-For names the client only when the peer is a trusted proxy")
    func trustedProxies() async throws {
        var settings = HTTPAPISettings.testing
        settings.limits.accountsPerClientPerHour = 1
        settings.trustedProxies = ["127.0.0.8"]
        try await withLiveServer(settings: settings) { server in
            let proxy = SourceBoundClient(server, from: "127.0.0.8")
            let viaProxyA = try await proxy.post(
                "/v1/accounts",
                json: try Self.account("a1", "a1@example.com"),
                headers: ["X-Forwarded-For": "203.0.113.1"]
            )
            #expect(viaProxyA.status == 201)
            let viaProxyB = try await proxy.post(
                "/v1/accounts",
                json: try Self.account("b1", "b1@example.com"),
                headers: ["X-Forwarded-For": "203.0.113.2"]
            )
            #expect(viaProxyB.status == 201, "another forwarded client has its own quota")
            let againA = try await proxy.post(
                "/v1/accounts",
                json: try Self.account("a2", "a2@example.com"),
                headers: ["X-Forwarded-For": "203.0.113.1"]
            )
            #expect(againA.errorCode == "too_many_accounts_created")

            let direct = SourceBoundClient(server, from: "127.0.0.9")
            #expect(
                try await direct.post("/v1/accounts", json: try Self.account("d1", "d1@example.com"), headers: ["X-Forwarded-For": "198.51.100.1"])
                    .status == 201
            )
            let spoofed = try await direct.post(
                "/v1/accounts",
                json: try Self.account("d2", "d2@example.com"),
                headers: ["X-Forwarded-For": "198.51.100.2"]
            )
            #expect(spoofed.errorCode == "too_many_accounts_created", "an untrusted peer cannot choose whom it counts as")
        }
    }

    @Test("limit settings out of range are refused by validate(), naming the field")
    func settingsValidated() {
        var settings = HTTPAPISettings.testing
        settings.readToken = "short"
        #expect(throws: HTTPAPIError.self) { try settings.validate() }
        settings.readToken = Self.readToken
        settings.rateLimit = HTTPRateLimit(requestsPerMinute: 60, burst: 0)
        let burst = #expect(throws: HTTPAPIError.self) { try settings.validate() }
        #expect(burst?.message.contains("http.rateLimit.burst") == true)
        settings.rateLimit = .default
        settings.trustedProxies = ["proxy.example"]
        let proxy = #expect(throws: HTTPAPIError.self) { try settings.validate() }
        #expect(proxy?.message.contains("http.trustedProxies") == true)
        settings.trustedProxies = ["10.0.0.1", "::1"]
        #expect(throws: Never.self) { try settings.validate() }
    }

    @Test("the settings decode from JSON with the documented defaults when absent")
    func settingsDecode() throws {
        let decoded = try JSONDecoder().decode(HTTPAPISettings.self, from: Data(#"{"serviceMailbox":"a@b.example"}"#.utf8))
        #expect(decoded.rateLimit == .default)
        #expect(decoded.limits == .default)
        #expect(decoded.readToken == nil)
        let custom = try JSONDecoder().decode(
            HTTPAPISettings.self,
            from: Data(
                #"{"serviceMailbox":"a@b.example","rateLimit":{"requestsPerMinute":0,"burst":0},"limits":{"preparedTransactionsPerClientPerHour":5,"accountsPerClientPerHour":0},"readToken":"0123456789abcdef","trustedProxies":["10.0.0.1"]}"#
                    .utf8
            )
        )
        #expect(!custom.rateLimit.isEnabled)
        #expect(custom.limits.preparedTransactionsPerClientPerHour == 5)
        #expect(custom.readToken == "0123456789abcdef")
        #expect(custom.trustedProxies == ["10.0.0.1"])
    }
}
