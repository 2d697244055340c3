import AccountEngine
import DKIMVerifier
import ErrorCodes
import Foundation

extension MailPipeline {
    /// Section 5's checks, in order, up to ready ExecuteArgs. Throws only for a cause that is not
    /// the mail's fault (a DKIM key look-up that failed temporarily, the store down); `attempt`
    /// tells how far the mail got then.
    func authorise(_ raw: [UInt8], source: MailSource, arrivedAt: Date?, progress attempt: inout MailAttempt) async throws -> MailAttempt {
        guard raw.count <= policy.maximumMessageBytes else {
            return attempt.refusing(
                .unproven(.messageTooLarge, "the mail is \(raw.count) bytes, over the \(policy.maximumMessageBytes)-byte limit")
            )
        }
        let message = ParsedMessage(raw)
        // What decides must be single (section 5): a relay can add a field above the signed one.
        if let problem = HeaderSectionLimits.check(message) ?? MailHeaders.singleFieldsProblem(message) {
            return attempt.refusing(.parse(problem, senderProven: false))
        }
        let sender: Mailbox
        switch FromMailbox.parse(message) {
        case .failure(let error): return attempt.refusing(.parse(error, senderProven: false))
        case .success(let mailbox): sender = mailbox
        }
        // Read at once, for the logs and so that every reply threads, whatever refuses the mail later.
        attempt.from = sender
        attempt.messageID = MailHeaders.messageID(message)
        attempt.references = MailHeaders.references(message)
        attempt.subject = try? MailHeaders.subject(message).get()
        let dateHeader: Date?
        switch MailHeaders.date(message) {
        case .failure(let error): return attempt.refusing(.parse(error, senderProven: false))
        case .success(let date): dateHeader = date
        }

        let processedAt = now()
        let verdict = await verifier.verify(message, now: Int64(processedAt.timeIntervalSince1970))
        if let failure = SenderProof.keyLookupFailure(for: sender, in: verdict) {
            attempt.keyLookupSender = sender
            throw failure
        }
        let proof: SenderProof
        let receivedAt = Int64(min(arrivedAt ?? processedAt, processedAt).timeIntervalSince1970)
        switch SenderProof.find(for: sender, in: verdict, dateHeader: dateHeader, now: receivedAt, policy: policy) {
        case .failure(let rejection):
            if rejection.senderProven { attempt.provenSender = sender }
            return attempt.refusing(rejection)
        case .success(let found):
            proof = found
        }
        attempt.provenSender = sender
        attempt.dkimSignature = proof.signature.signatureBase64
        // A mail meant for another deployment is not acted on here, whatever it holds.
        if requiresServiceRecipient, !RecipientAddresses.message(message, isAddressedTo: replies.serviceAddress) {
            return attempt.refusing(
                .proven(.notAddressedToService, "the mail's To and Cc do not name \(replies.serviceAddress): it is not meant for this service")
            )
        }

        let subject: String
        switch MailHeaders.subject(message) {
        case .failure(let error): return attempt.refusing(.parse(error, senderProven: true))
        case .success(let text): subject = text
        }
        attempt.subject = subject
        // The Subject's own answer, for a mail without a block; one naming no txHash at all is
        // refused before the body is read.
        let subjectTxHash = MailHeaders.authorisedTxHash(subject: subject, blockTxHash: nil)
        if case .failure(let error) = subjectTxHash, error.code == .txHashNotInSubject {
            return attempt.refusing(.parse(error, senderProven: true))
        }

        let signed: SignedTransaction
        var envelopeConsents: [ApprovalProof] = []
        let authTargetJSON: String?
        switch TransactionBlock.find(in: message) {
        case .failure(let error):
            return attempt.refusing(.parse(error, senderProven: true))
        case .success(let block?):
            do {
                (signed, envelopeConsents) = try Self.blockContents(block.transactionJSON)
            } catch {
                return attempt.refusing(.proven(error, message: "the transaction in the mail is not valid: \(error.message)"))
            }
            attempt.txHash = signed.txHashHex
            attempt.transaction = signed.transaction
            if case .failure(let error) = MailHeaders.authorisedTxHash(subject: subject, blockTxHash: signed.txHashHex) {
                return attempt.refusing(.parse(error, senderProven: true))
            }
            authTargetJSON = block.authTargetJSON
        case .success(nil):
            let txHash: String
            switch subjectTxHash {
            case .failure(let error): return attempt.refusing(.parse(error, senderProven: true))
            case .success(let named): txHash = named
            }
            attempt.txHash = txHash
            guard let pending = try await engine.pendingTransaction(txHash: txHash) else {
                return attempt.refusing(
                    .proven(.transactionNotFound, "the mail holds no transaction block and no transaction was prepared under \(txHash)")
                )
            }
            do {
                signed = try SignedTransaction(jsonText: pending.transactionJSON)
            } catch {
                return attempt.refusing(.proven(error, message: "the prepared transaction is not valid: \(error.message)"))
            }
            attempt.transaction = signed.transaction
            authTargetJSON = nil
        }

        // The sender's OIDC identities on the account (the authority) and among those the
        // transaction adds (consents). A sender with neither learns nothing about the account.
        let account: Account?
        do {
            // Only to choose the sender's identities: `submit` checks the account again itself.
            account = try await engine.accountForExecution(id: signed.transaction.accountId)
        } catch  where error.category == .unavailable {
            throw error
        } catch  where error.errorCode == .accountNotFound {
            account = nil
        } catch {
            return attempt.refusing(.proven(error))
        }
        let onAccount = account?.authIdentities.filter { $0.oidcEmail == sender.address } ?? []
        let consenting = signed.transaction.addedIdentities.filter { $0.oidcEmail == sender.address }
        guard account != nil, !onAccount.isEmpty || !consenting.isEmpty else {
            return attempt.refusing(
                .proven(.senderNotOnAccount, "\(sender.address) is not an identity that may approve or consent to this transaction")
            )
        }
        attempt.senderOnAccount = !onAccount.isEmpty

        var authTargetClaim: AuthIdentity?
        if let authTargetJSON {
            do {
                authTargetClaim = try AuthIdentity(jsonText: authTargetJSON)
            } catch {
                return attempt.refusing(.proven(.authTargetInvalid, "the auth-target line is not an identity: \(error.message)"))
            }
        }
        if onAccount.count > 1, signed.transaction.authTarget == nil, authTargetClaim == nil {
            return attempt.refusing(
                .proven(
                    .authTargetAmbiguous,
                    "the account holds \(onAccount.count) OIDC identities with the address \(sender.address), whose keys differ: "
                        + "name the one that signs on an auth-target: line before the block, or as the transaction's authTarget"
                )
            )
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
            return attempt.refusing(.proven(error))
        }
        let emailProof = { (identity: AuthIdentity) in ApprovalProof(authIdentity: identity, message: subject, evidence: .verifiedEmail(email)) }
        attempt.decision = .submit(
            Submission(
                transaction: signed,
                authority: onAccount.first.map(emailProof),
                authTargetClaim: authTargetClaim,
                consents: consenting.map(emailProof) + envelopeConsents
            )
        )
        return attempt
    }

    /// The transaction of a block, and the consents when the block holds the envelope
    /// `{"transaction":TX,"consents":[PROOF…]}` rather than the bare TX (section 4.1). The txHash is
    /// that of TX alone.
    static func blockContents(_ text: String) throws(EngineError) -> (SignedTransaction, [ApprovalProof]) {
        let json = try StrictJSONParser().parse(text)
        guard json["transaction"] != nil else { return (try SignedTransaction(json: json), []) }
        var reader = try JSONObjectReader(json, context: "transaction envelope", error: { EngineError.invalidTransaction($0) })
        let transaction = try reader.required("transaction")
        let consentValues = try reader.array("consents")
        try reader.finish()
        guard consentValues.count <= ExecuteArgs.maxConsents else {
            throw .invalidTransaction("the envelope holds more than \(ExecuteArgs.maxConsents) consents")
        }
        var consents: [ApprovalProof] = []
        for (index, value) in consentValues.enumerated() {
            consents.append(try ApprovalProof(json: value, context: "consents[\(index)]"))
        }
        return (try SignedTransaction(json: transaction), consents)
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
        case .submit(let submission):
            let started = ContinuousClock.now
            defer { metrics.recordExecutionDuration(method: "email", duration: ContinuousClock.now - started) }
            do {
                // A mail is answered by the reply its transaction's end queues: it waits for no signer.
                let outcome = try await engine.submit(submission, signingWait: recordsWithExecution ? .zero : nil) { [self] executed in
                    guard recordsWithExecution else { return nil }
                    switch executed {
                    case .executed(let result):
                        let outcome = MailOutcome.executed(result)
                        var record = MailLedgerRecord(
                            outcome,
                            redeliveryKey: source.redeliveryKey,
                            reply: reply(to: attempt, outcome: outcome),
                            recordedAt: Date()
                        )
                        if let awaiting = AwaitingReply(attempt, transaction: submission.transaction, redeliveryKey: source.redeliveryKey) {
                            record.answerBroadcasts(replies.sentActionIndices(result.json), with: awaiting)
                        }
                        return record
                    case .signing(let signing):
                        var record = MailLedgerRecord(.signing(signing), redeliveryKey: source.redeliveryKey, reply: nil, recordedAt: Date())
                        record.awaitingReply = AwaitingReply(attempt, transaction: submission.transaction, redeliveryKey: source.redeliveryKey)?.later
                        return record
                    case .awaitingProofs:
                        return nil
                    }
                }
                switch outcome {
                case .executed(let result): return (.executed(result), recordsWithExecution)
                case .awaitingProofs(let awaiting): return (.awaitingProofs(awaiting), false)
                case .signing(let signing): return (.signing(signing), recordsWithExecution)
                }
            } catch  where error.category == .unavailable {
                throw error
            } catch {
                rejection = .proven(error)
            }
        }
        guard let signature = attempt.dkimSignature, let accepted = try await engine.acceptedEmail(dkimSignature: signature) else {
            return (.rejected(rejection, txHash: attempt.txHash, recordsRefusal: attempt.senderOnAccount), false)
        }
        if let earlier = try await earlierExecution(accepted, source: source) { return (earlier, false) }
        return (
            .rejected(
                .proven(EngineError.emailReplayed),
                txHash: accepted.txHash,
                recordsRefusal: attempt.senderOnAccount
            ), false
        )
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

}
