import DKIMVerifier
import ErrorCodes
import Foundation

/// The DKIM signature that proves a mail's sender, chosen by the rules of PROTOCOL.md section 5.
public struct SenderProof: Sendable {
    public let sender: Mailbox
    public let signature: DKIMSignature
    public let verdict: DKIMSignatureVerdict

    /// Picks the first signature that passes the verifier's policy, was made by exactly the From
    /// domain, signs From and Subject and the whole body, uses a key not in testing mode, and is
    /// fresh. A refusal by the verifier keeps its reason (`dkim_` + the verifier's code); otherwise
    /// the refusal names the first rule the best candidate broke. The sender counts as
    /// proven (and is answered) only once an aligned signature has verified.
    static func find(
        for sender: Mailbox,
        in verdict: DKIMMessageVerdict,
        dateHeader: Date?,
        now: Int64,
        policy: EmailPolicy
    ) -> Result<SenderProof, MailRejection> {
        guard !verdict.signatures.isEmpty else {
            return .failure(.unproven(.dkimNone, "the mail has no DKIM signature"))
        }
        let aligned = verdict.signatures.filter { $0.domain == sender.domain }
        let verified = aligned.filter { $0.result == .pass }
        guard !verified.isEmpty else {
            if let refused = aligned.first(where: { $0.result == .policy }) {
                return .failure(
                    .dkim(refused.reason, "the DKIM signature of \(sender.domain) is not acceptable: \(refused.reason.message)")
                )
            }
            if let failed = aligned.first {
                return .failure(
                    .dkim(failed.reason, "the DKIM signature of \(sender.domain) did not verify: \(failed.reason.message)")
                )
            }
            if verdict.result == .pass {
                return .failure(.unproven(.dkimNotAligned, "no DKIM signature is by the From domain \(sender.domain)"))
            }
            return .failure(.unproven(.dkimFailed, "no DKIM signature verified"))
        }

        var firstRefusal: MailRejection?
        for candidate in verified {
            guard let signature = candidate.signature else { continue }
            if let refusal = Self.refusal(of: signature, candidate, sender: sender, dateHeader: dateHeader, now: now, policy: policy) {
                firstRefusal = firstRefusal ?? refusal
                continue
            }
            return .success(SenderProof(sender: sender, signature: signature, verdict: candidate))
        }
        return .failure(firstRefusal ?? .unproven(.dkimFailed, "no DKIM signature verified"))
    }

    private static func refusal(
        of signature: DKIMSignature,
        _ verdict: DKIMSignatureVerdict,
        sender: Mailbox,
        dateHeader: Date?,
        now: Int64,
        policy: EmailPolicy
    ) -> MailRejection? {
        // RFC 6376 signatures only: the pre-standard drafts the verifier still reads do not authorise.
        guard signature.version == "1" else {
            return .unproven(.dkimVersion, "the DKIM signature is not v=1")
        }
        // An i= naming another user of the domain vouches for that user, not for this sender.
        if let problem = MailHeaders.signingIdentityProblem(signature, sender: sender) {
            return .unproven(problem.code, problem.message)
        }
        guard signature.signedHeaders.contains("from") else {
            return .unproven(.dkimFromNotSigned, "the DKIM signature does not cover From")
        }
        guard signature.signedHeaders.contains("subject") else {
            return .proven(.dkimSubjectNotSigned, "the DKIM signature does not cover Subject")
        }
        guard verdict.coversWholeBody else {
            return .unproven(.dkimPartialBody, "the DKIM signature's l= leaves part of the body unsigned")
        }
        if verdict.key?.isTesting == true {
            return .proven(.dkimTestingKey, "the DKIM key of \(signature.domain) is in testing mode (t=y)")
        }
        // Without t=, the Date header stands in, but only one the signature covers: a relay could
        // otherwise put a fresh Date on top of a stale mail and replay it (section 5).
        let coveredDate = signature.signedHeaders.contains("date") ? dateHeader : nil
        guard let signedAt = signature.timestamp ?? coveredDate.map({ Int64($0.timeIntervalSince1970) }) else {
            return .proven(.mailAgeUnknown, "the mail has neither a DKIM t= nor a readable Date header that the DKIM signature covers")
        }
        if signedAt > now + policy.maximumFutureSeconds {
            return .proven(.mailInFuture, "the mail is dated \(signedAt - now) s in the future")
        }
        if now - signedAt > policy.maximumAgeSeconds {
            return .proven(.mailTooOld, "the mail was signed \(now - signedAt) s ago, more than \(policy.maximumAgeSeconds) s")
        }
        return nil
    }
}
