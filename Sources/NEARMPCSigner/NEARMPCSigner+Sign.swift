import ChainSigner
import Logging
import NEARClient

extension NEARMPCSigner {
    /// A signed transaction handed to the RPC: its hash, and its outcome when the answer held one,
    /// or the error that left its fate unknown.
    struct SentTransaction: Sendable {
        var hash: String
        var nonce: UInt64
        var outcome: NEARExecutionOutcome?
        var lostAnswer: NEARRPCError?
    }

    /// One signature request: sent (again only after a refusal), awaited, checked.
    nonisolated func signRemotely(payload: [UInt8], derivationPath: String, session: Session) async throws -> DerivedSignature {
        let expectedKey = try await derivedPublicKey(derivationPath: derivationPath)
        let action = MPCSignRequest.action(path: derivationPath, payload: payload, gas: configuration.signGas)
        var nonceRefusals = 0
        var renewedBlock = false
        while true {
            let sent: SentTransaction
            do {
                sent = try await submit(action, session: session)
            } catch let error as NEARRPCError where error.code == .nearInvalidNonce && nonceRefusals + 1 < Self.maximumNonceAttempts {
                nonceRefusals += 1
                logger.notice(
                    "near-mpc: nonce refused, resynchronising and sending a new transaction",
                    metadata: ["akNonce": "\(error.accessKeyNonce.map(String.init) ?? "unknown")", "refusals": "\(nonceRefusals)"]
                )
                await session.nonces.resynchronise(accessKeyNonce: error.accessKeyNonce)
                continue
            } catch let error as NEARRPCError where error.code == .nearExpiredBlockHash && !renewedBlock {
                renewedBlock = true
                logger.notice("near-mpc: block hash expired, sending a new transaction over a new block")
                await session.blocks.invalidate()
                continue
            } catch {
                throw Self.signerError(error, while: "sending the sign request for path \(derivationPath)")
            }
            logger.debug("near-mpc: sign request sent", metadata: ["tx": "\(sent.hash)", "nonce": "\(sent.nonce)"])
            let value = try await successValue(of: sent)
            let signature = try MPCSignatureAnswer.checked(value, payload: payload, expectedKey: expectedKey, transactionHash: sent.hash)
            return DerivedSignature(derivationPath: derivationPath, publicKey: expectedKey, signature: signature)
        }
    }

    /// Signs and submits one transaction with the tracker's next nonce.
    ///
    /// A refusal (`InvalidNonce`, `Expired`, `NotEnoughBalance`, …) is thrown: that transaction
    /// never ran. An answer lost after the request left — a time-out (ours or the RPC's 408), a
    /// connection that failed, an HTTP 5xx, an unreadable answer — leaves the transaction possibly
    /// taken: it is followed up by its hash (`outcome` nil), never replaced by another one.
    private nonisolated func submit(_ action: NEARAction, session: Session) async throws -> SentTransaction {
        let block = try await session.blocks.current()
        let (predecessor, contract, keyPair, client, logger) = (
            predecessor, configuration.mpcContract, session.credentials.keyPair, client, logger
        )
        return try await session.nonces.submit { nonce in
            let transaction = try NEARTransaction(
                signerId: predecessor,
                publicKey: keyPair.publicKey,
                nonce: nonce,
                receiverId: contract,
                blockHash: block.hash,
                actions: [action]
            )
            let signed = try transaction.signed(with: keyPair)
            do {
                let outcome = try await client.sendTransaction(signed, waitUntil: .included)
                return SentTransaction(hash: signed.hashBase58, nonce: nonce, outcome: outcome)
            } catch let error as NEARRPCError where Self.leavesFateUnknown(error) {
                logger.warning(
                    "near-mpc: no answer to send_tx, following the transaction by its hash",
                    metadata: ["tx": "\(signed.hashBase58)", "error": "\(error)"]
                )
                return SentTransaction(hash: signed.hashBase58, nonce: nonce, outcome: nil, lostAnswer: error)
            }
        }
    }

    /// The transaction's `SuccessValue`: from the send's answer when it had one, else polled with
    /// `EXPERIMENTAL_tx_status` until `statusDeadline` (then `signer_unavailable`).
    private nonisolated func successValue(of sent: SentTransaction) async throws -> [UInt8] {
        if let value = sent.outcome?.successValue { return value }
        let deadline = ContinuousClock.now.advanced(by: configuration.statusDeadline)
        var last: NEARRPCError?
        while true {
            do {
                let outcome = try await client.transactionStatus(hash: sent.hash, sender: predecessor, waitUntil: .executedOptimistic)
                if let value = outcome.successValue { return value }
            } catch  where error.isTemporary || error.code == .nearRpcInvalidResponse {
                last = error
            } catch {
                throw Self.signerError(error, while: "the sign request in NEAR transaction \(sent.hash)")
            }
            guard ContinuousClock.now < deadline else {
                let sendError = sent.lostAnswer.map { "; send_tx: \($0)" } ?? ""
                throw ChainSignerError.signerUnavailable(
                    "near-mpc: no outcome of NEAR transaction \(sent.hash) within \(configuration.statusDeadline)\(sendError)\(last.map { "; last poll: \($0)" } ?? "")"
                )
            }
            try await Task.sleep(for: .milliseconds(500))
        }
    }

    /// Whether a `send_tx` error leaves open that the transaction was taken (and may run).
    static func leavesFateUnknown(_ error: NEARRPCError) -> Bool {
        switch error.code {
        case .nearRpcTimeout, .nearRpcUnavailable, .nearRpcInvalidResponse: true
        default: false
        }
    }
}
