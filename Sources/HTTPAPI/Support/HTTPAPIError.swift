import AccountEngine

/// A refusal answered by the API: `{"error":{"code","message"}}` with the status of PROTOCOL.md
/// section 7. `code` is stable snake_case; `message` is for people and never echoes a body or token.
public struct HTTPAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: String
    public let status: Int
    public let message: String
    /// Extra response header fields (`Allow`, `WWW-Authenticate`).
    public let headers: [String: String]

    public init(code: String, status: Int, message: String, headers: [String: String] = [:]) {
        self.code = code
        self.status = status
        self.message = message
        self.headers = headers
    }

    /// The engine's refusal with the engine's status.
    public init(_ error: EngineError) {
        self.init(code: error.code, status: error.status, message: error.message)
    }

    public var description: String { "\(code) (\(status)): \(message)" }

    public var json: JSONValue {
        .object(["error": .object(["code": .string(code), "message": .string(message)])])
    }
}

extension HTTPAPIError {
    static func invalidRequest(_ message: String) -> HTTPAPIError {
        HTTPAPIError(code: "invalid_request", status: 400, message: message)
    }

    static func invalidSettings(_ message: String) -> HTTPAPIError {
        HTTPAPIError(code: "invalid_settings", status: 400, message: message)
    }

    static func unsupportedMediaType(expected: String) -> HTTPAPIError {
        HTTPAPIError(code: "unsupported_media_type", status: 415, message: "the body must be sent as Content-Type: \(expected)")
    }

    static func tooLarge(limit: Int) -> HTTPAPIError {
        HTTPAPIError(code: "too_large", status: 413, message: "the request body is over the limit of \(limit) bytes")
    }

    static func routeNotFound(_ path: String) -> HTTPAPIError {
        HTTPAPIError(code: "route_not_found", status: 404, message: "no route \(quoted(path))")
    }

    static func methodNotAllowed(_ method: String, allowed: [String]) -> HTTPAPIError {
        HTTPAPIError(
            code: "method_not_allowed",
            status: 405,
            message: "\(method) is not served here; use \(allowed.joined(separator: ", "))",
            headers: ["Allow": allowed.joined(separator: ", ")]
        )
    }

    static let unauthorized = HTTPAPIError(
        code: "unauthorized",
        status: 401,
        message: "a valid operator bearer token is required",
        headers: ["WWW-Authenticate": "Bearer realm=\"chainmail-operator\""]
    )

    static let operatorRouteDisabled = HTTPAPIError(
        code: "operator_route_disabled",
        status: 404,
        message: "the operator route is disabled: no operator token or no OIDC key registry is configured"
    )

    static func receiverMismatch(expected: String) -> HTTPAPIError {
        HTTPAPIError(code: "receiver_mismatch", status: 422, message: "receiver_id must be the service account \(quoted(expected))")
    }

    static func invalidTxHash() -> HTTPAPIError {
        HTTPAPIError(code: "invalid_tx_hash", status: 400, message: "a transaction hash is 64 hexadecimal digits")
    }

    static func transactionNotFound(_ txHash: String) -> HTTPAPIError {
        HTTPAPIError(code: "transaction_not_found", status: 404, message: "no transaction \(txHash) was prepared, executed or refused here")
    }

    static func dependencyUnavailable(_ message: String) -> HTTPAPIError {
        HTTPAPIError(code: "dependency_unavailable", status: 503, message: message)
    }

    static let unexpected = HTTPAPIError(code: "internal_error", status: 500, message: "the request could not be handled")
}
