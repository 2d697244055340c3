import DKIMVerifier

extension TXTLookupResult {
    /// The cause of a temporary failure; `nil` for an answer.
    var failureCause: DNSLookupFailure.Cause? {
        guard case .temporaryFailure(let failure) = self else { return nil }
        return failure.cause
    }
}
