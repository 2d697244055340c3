import ChainSigner
import ErrorCodes
import NEARClient

extension NEARMPCSigner {
    /// The signer's error for a NEAR RPC error (docs/near-mpc.md, "When it fails").
    ///
    /// Temporary, `signer_unavailable` (the engine asks again later; the NEAR code and message are
    /// kept in the text): the RPC unreachable, timing out or failing inside (`near_rpc_timeout`,
    /// `near_rpc_unavailable`, `near_rpc_invalid_response`), a nonce still refused after the retries
    /// (`near_invalid_nonce`), a block hash still expired after a new one (`near_expired_block_hash`),
    /// a transaction whose outcome never came (`near_unknown_transaction`), the MPC network's own
    /// time-out (the contract's "Request has timed out."), and `near_not_enough_balance`, which the
    /// operator ends by funding the predecessor account.
    ///
    /// Permanent, the NEAR code itself (all outside the `unavailable` category): any other contract
    /// failure (`near_contract_failure`: deposit, gas, arguments, payload), a transaction the RPC
    /// refuses for good (`near_transaction_invalid`, e.g. its signature), an unknown account
    /// (`near_unknown_account`) or key (`near_key_not_authorised`), an unreadable key file
    /// (`near_key_file_invalid`).
    static func signerError(_ error: NEARRPCError, while doing: String) -> ChainSignerError {
        let text = "near-mpc: \(doing): \(error.code): \(error.message)"
        switch error.code {
        case .nearRpcTimeout, .nearRpcUnavailable, .nearRpcInvalidResponse, .nearInvalidNonce, .nearExpiredBlockHash,
            .nearUnknownTransaction, .nearNotEnoughBalance:
            return .signerUnavailable(text)
        case .nearContractFailure where isMPCTimeout(error):
            return .signerUnavailable(text)
        default:
            return ChainSignerError(code: error.code, message: text)
        }
    }

    /// Whether a contract failure is the MPC network not answering in time (the contract's panic
    /// "Request has timed out.", near/mpc `errors.rs`): worth asking again.
    static func isMPCTimeout(_ error: NEARRPCError) -> Bool {
        error.code == .nearContractFailure && error.message.contains("Request has timed out")
    }

    /// Any error of a call, as the signer reports it: a NEAR error mapped, a signer error kept.
    static func signerError(_ error: any Error, while doing: String) -> any Error {
        if let error = error as? NEARRPCError { return signerError(error, while: doing) }
        if error is ChainSignerError || error is CancellationError { return error }
        return ChainSignerError.signerUnavailable("near-mpc: \(doing): \(error)")
    }
}
