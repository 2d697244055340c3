import ChainSigner
import Logging
import NEARClient

extension NEARMPCSigner {
    /// A signed transaction handed to the RPC: its hash, and its outcome when the answer held one.
    struct SentTransaction: Sendable {
        var hash: String
        var nonce: UInt64
        var outcome: NEARExecutionOutcome?
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

    /// Signs and submits one transaction with the tracker's next nonce. A time-out means the
    /// transaction may have been taken: it is followed up by its hash (`outcome` nil).
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
            } catch let error as NEARRPCError where error.code == .nearRpcTimeout {
                logger.warning("near-mpc: send_tx timed out, following the transaction by its hash", metadata: ["tx": "\(signed.hashBase58)"])
                return SentTransaction(hash: signed.hashBase58, nonce: nonce, outcome: nil)
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
                throw ChainSignerError.signerUnavailable(
                    "near-mpc: no outcome of NEAR transaction \(sent.hash) within \(configuration.statusDeadline)\(last.map { "; last: \($0)" } ?? "")"
                )
            }
            try await Task.sleep(for: .milliseconds(500))
        }
    }
}
