import AccountEngine
import Hummingbird

extension APIHandlers {
    /// POST /v1/accounts `{"accountId","authIdentity"}` → 201 the account.
    func createAccount(_ request: Request) async throws(HTTPAPIError) -> Response {
        var body = try JSONObjectReader(try await jsonBody(request), context: "account request", error: HTTPAPIError.invalidRequest)
        let accountId = try body.string("accountId", maxBytes: 64)
        let identityJSON = try body.required("authIdentity")
        try body.finish()
        let account = try await engineCall { () async throws(EngineError) in
            try AccountID.validate(accountId)
            return try await engine.createAccount(id: accountId, identity: try AuthIdentity(json: identityJSON))
        }
        return APIResponse.json(account.json, status: .created)
    }

    /// GET /v1/accounts/{accountId} → the account.
    func getAccount(_ context: APIRequestContext) async throws(HTTPAPIError) -> Response {
        let accountId = try capture("accountId", context)
        let account = try await engineCall { () async throws(EngineError) in
            try AccountID.validate(accountId)
            return try await engine.account(id: accountId)
        }
        return APIResponse.json(account.json)
    }

    /// GET /v1/accounts?identity=<identity JSON> → `{"accounts":[…]}`.
    func findAccounts(_ request: Request) async throws(HTTPAPIError) -> Response {
        let query = try QueryParameters(request.uri.query, allowed: ["identity"])
        let identity = try identity(fromQuery: try query.required("identity"))
        let accounts = try await engineCall { () async throws(EngineError) in try await engine.accounts(holding: identity) }
        return APIResponse.json(.object(["accounts": .array(accounts.map(\.json))]))
    }
}
