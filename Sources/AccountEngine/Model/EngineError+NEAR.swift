import ErrorCodes

// Refusals of the `Account` identity's verifier (PROTOCOL.md section 4): the key is not a
// full-access key of the account (unproven), or NEAR cannot be asked (unavailable: retry later).
extension EngineError {
    /// The account does not exist, does not have the key, or has it as a function-call key.
    public static func nearKeyNotAuthorised(_ message: String) -> EngineError {
        EngineError(.nearKeyNotAuthorised, message: message)
    }

    /// The NEAR RPC did not answer (down, timed out, failed inside, or answered nonsense).
    public static func nearRPCUnavailable(_ message: String) -> EngineError {
        EngineError(.nearRpcUnavailable, message: message)
    }

    /// An `Account` proof arrived, but no `near.rpcURL` is configured to check its key.
    public static let nearRPCNotConfigured = EngineError(
        .nearRpcNotConfigured,
        message: "an Account identity is proven over NEAR RPC, and this service has no near.rpcURL configured"
    )
}
