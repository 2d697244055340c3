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
        // The once-only rule, checked here so that a replay is named as one whatever else has
        // changed since (the nonce); the commit checks it again against a racing delivery.
        if let accepted = try await engine.acceptedEmail(dkimSignature: proof.signature.signatureBase64) {
            if let earlier = try await earlierExecution(accepted, source: source) {
                attempt.decision = .settled(earlier)
                return attempt
            }
            attempt.txHash = accepted.txHash
            return attempt.refusing(.proven(EngineError.emailReplayed.code, EngineError.emailReplayed.message))
        }
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
            account = try await engine.account(id: signed.transaction.accountId)
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

    /// Executes what `authorise` decided; an engine refusal becomes the mail's refusal.
    func settle(_ attempt: MailAttempt, source: MailSource) async throws -> MailOutcome {
        switch attempt.decision {
        case .refuse(let rejection):
            return .rejected(rejection, txHash: attempt.txHash)
        case .settled(let outcome):
            return outcome
        case .execute(let args):
            do {
                return .executed(try await engine.execute(args))
            } catch  where error.status == 503 {
                throw error
            } catch  where error == .emailReplayed {
                if case .verifiedEmail(let email) = args.evidence,
                    let accepted = try await engine.acceptedEmail(dkimSignature: email.dkimSignature),
                    let earlier = try await earlierExecution(accepted, source: source)
                {
                    return earlier
                }
                return .rejected(.proven(error.code, error.message), txHash: attempt.txHash)
            } catch {
                return .rejected(.proven(error.code, error.message), txHash: attempt.txHash)
            }
        }
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
