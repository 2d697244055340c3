import AccountEngine
import ChainmailMetrics
import Hummingbird

extension APIHandlers {
    /// POST /v1/execute ExecuteArgs → 200 the result of section 4, or 202 `awaiting_proofs` while an
    /// identity the transaction adds has not consented (section 4.1).
    func execute(_ request: Request) async throws(HTTPAPIError) -> Response {
        let json = try await jsonBody(request)
        return try await execute(json)
    }

    /// POST /sign-near-transaction `{"receiver_id","execute_args"}`: the relayer route. The
    /// receiver must be the service's own account (422 `receiver_mismatch` otherwise), then
    /// `execute_args` runs exactly as POST /v1/execute.
    func signNearTransaction(_ request: Request) async throws(HTTPAPIError) -> Response {
        var body = try JSONObjectReader(try await jsonBody(request), context: "relayer request", error: HTTPAPIError.invalidRequest)
        let receiver = try body.string("receiver_id", maxBytes: 64)
        let executeArgs = try body.required("execute_args")
        try body.finish()
        guard receiver == settings.serviceAccountId else { throw .receiverMismatch(expected: settings.serviceAccountId) }
        return try await execute(executeArgs)
    }

    private func execute(_ json: JSONValue) async throws(HTTPAPIError) -> Response {
        let args: ExecuteArgs
        do {
            args = try ExecuteArgs(json: json)
        } catch {
            throw HTTPAPIError(error)
        }
        let started = ContinuousClock.now
        defer { metrics.recordExecutionDuration(args, duration: ContinuousClock.now - started) }
        do {
            let outcome = try await engine.submit(args)
            metrics.recordExecution(args, error: nil)
            return APIResponse.outcome(outcome)
        } catch {
            metrics.recordExecution(args, error: error)
            throw HTTPAPIError(error)
        }
    }

    /// GET /v1/derive?identity=…&path=… → `{"derivationPath","publicKey","evmAddress","btcAddress"}`.
    func derive(_ request: Request) async throws(HTTPAPIError) -> Response {
        let query = try QueryParameters(request.uri.query, allowed: ["identity", "path"])
        let identity = try identity(fromQuery: try query.required("identity"))
        let path = try query.required("path")
        let derivation = try await engineCall { () async throws(EngineError) in
            try await engine.derive(
                identity: identity,
                path: path,
                bitcoinHumanReadablePart: settings.bitcoinHumanReadablePart
            )
        }
        return APIResponse.json(derivation.json)
    }
}
