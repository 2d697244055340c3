import AccountEngine
import ErrorCodes

/// A refusal answered by the API: `{"error":{"code","message"}}` with the status PROTOCOL.md
/// section 7 gives the code's category. `code` is stable snake_case from the catalogue;
/// `message` is for people and never echoes a body or token.
public struct HTTPAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    public let errorCode: ErrorCode
    public let message: String
    /// Extra response header fields (`Allow`, `WWW-Authenticate`).
    public let headers: [String: String]

    public init(_ errorCode: ErrorCode, message: String, headers: [String: String] = [:]) {
        self.errorCode = errorCode
        self.message = message
        self.headers = headers
    }

    /// The engine's refusal, answered with the status of its code's category.
    public init(_ error: EngineError) {
        self.init(error.errorCode, message: error.message)
    }

    public var code: String { errorCode.name }
    public var category: ErrorCategory { errorCode.category }
    public var status: Int { category.httpStatus }

    public var description: String { "\(code) (\(status)): \(message)" }

    public var json: JSONValue {
        .object(["error": .object(["code": .string(code), "message": .string(message)])])
    }
}

extension HTTPAPIError {
    static func invalidRequest(_ message: String) -> HTTPAPIError {
        HTTPAPIError(.invalidRequest, message: message)
    }

    static func invalidSettings(_ message: String) -> HTTPAPIError {
        HTTPAPIError(.invalidSettings, message: message)
    }

    static func unsupportedMediaType(expected: String) -> HTTPAPIError {
        HTTPAPIError(.unsupportedMediaType, message: "the body must be sent as Content-Type: \(expected)")
    }

    static func tooLarge(limit: Int) -> HTTPAPIError {
        HTTPAPIError(.tooLarge, message: "the request body is over the limit of \(limit) bytes")
    }

    static func routeNotFound(_ path: String) -> HTTPAPIError {
        HTTPAPIError(.routeNotFound, message: "no route \(quoted(path))")
    }

    static func methodNotAllowed(_ method: String, allowed: [String]) -> HTTPAPIError {
        HTTPAPIError(
            .methodNotAllowed,
            message: "\(method) is not served here; use \(allowed.joined(separator: ", "))",
            headers: ["Allow": allowed.joined(separator: ", ")]
        )
    }

    static let unauthorized = HTTPAPIError(
        .unauthorized,
        message: "a valid operator bearer token is required",
        headers: ["WWW-Authenticate": "Bearer realm=\"chainmail-operator\""]
    )

    static let operatorRouteDisabled = HTTPAPIError(
        .operatorRouteDisabled,
        message: "the operator route is disabled: no operator token or no OIDC key registry is configured"
    )

    static func receiverMismatch(expected: String) -> HTTPAPIError {
        HTTPAPIError(.receiverMismatch, message: "receiver_id must be the service account \(quoted(expected))")
    }

    static func invalidTxHash() -> HTTPAPIError {
        HTTPAPIError(.invalidTxHash, message: "a transaction hash is 64 hexadecimal digits")
    }

    static func transactionNotFound(_ txHash: String) -> HTTPAPIError {
        HTTPAPIError(.transactionNotFound, message: "no transaction \(txHash) was prepared, executed or refused here")
    }

    static func dependencyUnavailable(_ message: String) -> HTTPAPIError {
        HTTPAPIError(.dependencyUnavailable, message: message)
    }

    static let unexpected = HTTPAPIError(.internalError, message: "the request could not be handled")
}

extension HTTPAPIError {
    /// 429 `rate_limited`: the client sent more POST requests than `http.rateLimit` allows.
    static func rateLimited(retryAfter: Duration) -> HTTPAPIError {
        HTTPAPIError(
            .rateLimited,
            message: "too many requests from this client; retry after \(retryAfterSeconds(retryAfter)) s",
            headers: ["Retry-After": String(retryAfterSeconds(retryAfter))]
        )
    }

    /// 429 `too_many_prepared_transactions`: over `http.limits.preparedTransactionsPerClientPerHour`.
    static func tooManyPreparedTransactions(retryAfter: Duration) -> HTTPAPIError {
        HTTPAPIError(
            .tooManyPreparedTransactions,
            message: "this client prepared too many transactions in the last hour; retry after \(retryAfterSeconds(retryAfter)) s",
            headers: ["Retry-After": String(retryAfterSeconds(retryAfter))]
        )
    }

    /// 429 `too_many_accounts_created`: over `http.limits.accountsPerClientPerHour`.
    static func tooManyAccountsCreated(retryAfter: Duration) -> HTTPAPIError {
        HTTPAPIError(
            .tooManyAccountsCreated,
            message: "this client created too many accounts in the last hour; retry after \(retryAfterSeconds(retryAfter)) s",
            headers: ["Retry-After": String(retryAfterSeconds(retryAfter))]
        )
    }

    /// 401 `read_token_required`: a route that reveals identities without `http.readToken`.
    static let readTokenRequired = HTTPAPIError(
        .readTokenRequired,
        message: "this route reveals identities: a valid read bearer token is required",
        headers: ["WWW-Authenticate": "Bearer realm=\"chainmail-read\""]
    )

    /// Whole seconds, rounded up, at least 1: the value of `Retry-After`.
    static func retryAfterSeconds(_ wait: Duration) -> Int64 {
        let (seconds, attoseconds) = wait.components
        return max(1, seconds + (attoseconds > 0 ? 1 : 0))
    }
}
