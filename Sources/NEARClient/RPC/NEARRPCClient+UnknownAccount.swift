extension NEARRPCClient {
    /// As `viewAccessKey`, but an unknown account stays `near_unknown_account` rather than
    /// becoming `near_key_not_authorised`, for callers that tell the two apart (the `Account`
    /// identity's verifier says which one it met).
    package func viewAccessKeyKeepingUnknownAccount(account: String, publicKey: NEARPublicKey) async throws(NEARRPCError) -> NEARAccessKey {
        let params: [String: Any] = [
            "request_type": "view_access_key", "finality": NEARFinality.final.rawValue, "account_id": account,
            "public_key": publicKey.description,
        ]
        return try NEARRPCResponse.accessKey(try await call("query", params: params))
    }
}
