import AccountEngine
import DKIMVerifier
import ErrorCodes

extension SenderProof {
    /// When no signature by the From domain verified and one of them could not be checked because
    /// its key look-up failed temporarily (a DNS time-out, SERVFAIL), the error that leaves the mail
    /// for later: it may verify once DNS answers, so refusing it now would lose it (PROTOCOL.md
    /// section 5, temporary failures). Its code is `dkim_` + the verifier's reason when that is a
    /// catalogued code of category `unavailable`, else `dkim_key_lookup_failed`.
    static func keyLookupFailure(for sender: Mailbox, in verdict: DKIMMessageVerdict) -> EngineError? {
        let aligned = verdict.signatures.filter { $0.domain == sender.domain }
        guard !aligned.contains(where: { $0.result == .pass }), let pending = aligned.first(where: { $0.result == .temperror }) else {
            return nil
        }
        let named = ErrorCode.named("dkim_" + pending.reason.code)
        let code = named.flatMap { $0.category == .unavailable ? $0 : nil } ?? .dkimKeyLookupFailed
        return EngineError(code, message: "the DKIM signature of \(sender.domain) cannot be checked now: \(pending.reason.message)")
    }
}
