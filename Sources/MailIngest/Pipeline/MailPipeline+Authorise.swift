import AccountEngine
import DKIMVerifier
import Foundation

extension MailPipeline {
    /// Section 5's checks, in order, up to ready ExecuteArgs. Throws only when the store is down.
    func authorise(_ raw: [UInt8], source: MailSource) async throws -> MailAttempt {
        var attempt = MailAttempt()
        guard raw.count <= policy.maximumMessageBytes else {
            return attempt.refusing(
                .unproven("message_too_large", "the mail is \(raw.count) bytes, over the \(policy.maximumMessageBytes)-byte limit")
            )
        }
        let message = ParsedMessage(raw)
        let sender: Mailbox
        switch FromMailbox.parse(message) {
        case .failure(let error): return attempt.refusing(.parse(error, senderProven: false))
        case .success(let mailbox): sender = mailbox
        }

        let processedAt = now()
        let verdict = await verifier.verify(message, now: Int64(processedAt.timeIntervalSince1970))
        let dateHeader = message.fields(named: "date").first.flatMap { MailDate.parse(String(decoding: message.value(of: $0), as: UTF8.self)) }
        let proof: SenderProof
        switch SenderProof.find(for: sender, in: verdict, dateHeader: dateHeader, now: Int64(processedAt.timeIntervalSince1970), policy: policy) {
        case .failure(let rejection):
            if rejection.senderProven { attempt.provenSender = sender }
            return attempt.refusing(rejection)
        case .success(let found):
            proof = found
        }
        attempt.provenSender = sender
        attempt.dkimSignature = proof.signature.signatureBase64
        attempt.messageID = MailHeaders.messageID(message)
        attempt.references = MailHeaders.references(message)

        let subject: String
        switch MailHeaders.subject(message) {
        case .failure(let error): return attempt.refusing(.parse(error, senderProven: true))
        case .success(let text): subject = text
        }
        attempt.subject = subject
        let named = MailHeaders.txHashCandidates(in: subject)
        guard !named.isEmpty else {
            return attempt.refusing(.proven("tx_hash_not_in_subject", "the Subject does not name a transaction hash (64 hex digits)"))
        }

        let signed: SignedTransaction
        let authTargetJSON: String?
        switch Self.transactionBlock(in: message) {
        case .failure(let error):
            return attempt.refusing(.parse(error, senderProven: true))
        case .success(let block?):
            do {
                signed = try SignedTransaction(jsonText: block.transactionJSON)
            } catch {
                return attempt.refusing(.proven(error.code, "the transaction in the mail is not valid: \(error.message)"))
            }
            attempt.txHash = signed.txHashHex
            guard named.contains(signed.txHashHex) else {
                return attempt.refusing(
                    .proven("tx_hash_mismatch", "the Subject names \(named[0]), the transaction in the mail hashes to \(signed.txHashHex)")
                )
            }
            authTargetJSON = block.authTargetJSON
        case .success(nil):
            guard let (txHash, json) = try await preparedTransaction(named) else {
                attempt.txHash = named[0]
                return attempt.refusing(
                    .proven("transaction_not_found", "the mail holds no transaction block and no transaction was prepared under \(named[0])")
                )
            }
            attempt.txHash = txHash
            do {
                signed = try SignedTransaction(jsonText: json)
            } catch {
                return attempt.refusing(.proven(error.code, "the prepared transaction is not valid: \(error.message)"))
            }
            authTargetJSON = nil
        }

        let account: Account
        do {
            // Only to choose the sender's identity: `execute` checks the account again itself.
            account = try await engine.accountForExecution(id: signed.transaction.accountId)
        } catch  where error.status == 503 {
            throw error
        } catch {
            return attempt.refusing(.proven(error.code, error.message))
        }
        guard let identity = account.authIdentities.first(where: { $0.oidcEmail == sender.address }) else {
            return attempt.refusing(
                .proven("sender_not_on_account", "\(sender.address) is not the email of an OIDC identity of account \(account.accountId)")
            )
        }
        var authTarget = identity
        if let authTargetJSON {
            do {
                authTarget = try AuthIdentity(jsonText: authTargetJSON)
            } catch {
                return attempt.refusing(.proven("auth_target_invalid", "the auth-target line is not an identity: \(error.message)"))
            }
        }
        let email: VerifiedEmail
        do {
            email = try VerifiedEmail(
                fromAddress: sender.address,
                txHash: signed.txHash,
                dkimDomain: proof.signature.domain,
                dkimSignature: proof.signature.signatureBase64,
                verifiedAt: processedAt,
                redeliveryKey: source.redeliveryKey
            )
        } catch {
            return attempt.refusing(.proven(error.code, error.message))
        }
        attempt.decision = .execute(
            ExecuteArgs(transaction: signed, authIdentity: identity, authTarget: authTarget, message: subject, evidence: .verifiedEmail(email))
        )
        return attempt
    }

    /// Executes what `authorise` decided; an engine refusal becomes the mail's refusal. `recorded`
    /// tells whether the mail's record (outcome and reply) was already committed with the execution.
    ///
    /// The once-only rule is enforced by the engine's commit, atomically with the nonce. It is
    /// looked up here only once a proven mail is refused, so that a mail accepted before is named
    /// a replay whatever else refused it this time (its nonce is used by then), and so that a
    /// mailbox message executed just before a crash gets that execution's outcome back.
    func settle(_ attempt: MailAttempt, source: MailSource) async throws -> (outcome: MailOutcome, recorded: Bool) {
        let rejection: MailRejection
        switch attempt.decision {
        case .refuse(let refused):
            rejection = refused
        case .execute(let args):
            do {
                let result = try await engine.execute(args) { result in
                    guard recordsWithExecution else { return nil }
                    let outcome = MailOutcome.executed(result)
                    return MailRecord(
                        outcome: outcome,
                        redeliveryKey: source.redeliveryKey,
                        reply: reply(to: attempt, outcome: outcome),
                        recordedAt: Date().timeIntervalSince1970
                    )
                }
                return (.executed(result), recordsWithExecution)
            } catch  where error.status == 503 {
                throw error
            } catch {
                rejection = .proven(error.code, error.message)
            }
        }
        guard let signature = attempt.dkimSignature, let accepted = try await engine.acceptedEmail(dkimSignature: signature) else {
            return (.rejected(rejection, txHash: attempt.txHash), false)
        }
        if let earlier = try await earlierExecution(accepted, source: source) { return (earlier, false) }
        return (.rejected(.proven(EngineError.emailReplayed.code, EngineError.emailReplayed.message), txHash: accepted.txHash), false)
    }

    /// When the mail was accepted before from this very mailbox message (a crash came between its
    /// execution and the record of its outcome), the outcome of that execution.
    private func earlierExecution(_ accepted: AcceptedEmail, source: MailSource) async throws -> MailOutcome? {
        guard let key = source.redeliveryKey, accepted.redeliveryKey == key,
            let executed = try await engine.executedTransaction(txHash: accepted.txHash),
            let result = try? StrictJSONParser().parse(Array(executed.resultJSON.utf8))
        else { return nil }
        return .executed(txHash: accepted.txHash, resultJSON: result)
    }

    private static func transactionBlock(in message: ParsedMessage) -> Result<TransactionBlock?, MailParseError> {
        TextBody.extract(message).flatMap { TransactionBlock.find(in: $0) }
    }

    /// The first transaction hash in the Subject that has a prepared transaction.
    private func preparedTransaction(_ txHashes: [String]) async throws -> (String, String)? {
        for txHash in txHashes {
            if let json = try await ledger.preparedTransaction(txHash: txHash) { return (txHash, json) }
        }
        return nil
    }
}
