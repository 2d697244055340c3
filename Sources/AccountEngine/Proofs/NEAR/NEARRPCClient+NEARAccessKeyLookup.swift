import NEARClient

extension NEARRPCClient: NEARAccessKeyLookup {
    /// `query` `view_access_key` at finality `final`. The RPC's unknown account (HANDLER_ERROR
    /// UNKNOWN_ACCOUNT) and unknown key (a result holding an `error` text, or UNKNOWN_ACCESS_KEY)
    /// become their answers; every other failure is `unavailable`. Not inlined: typed-throws calls
    /// inlined into async code have crashed Swift 6.3's release optimiser.
    @inline(never)
    public func accessKey(account: String, publicKey: NEARPublicKey) async -> NEARAccessKeyAnswer {
        do {
            return .permission(try await viewAccessKeyKeepingUnknownAccount(account: account, publicKey: publicKey).permission)
        } catch {
            switch error.code {
            case .nearUnknownAccount: return .unknownAccount(error.message)
            case .nearKeyNotAuthorised: return .unknownKey(error.message)
            default: return .unavailable("\(error.code.name): \(error.message)")
            }
        }
    }
}
