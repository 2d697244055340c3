import AccountEngine
import ChainSigner
import DKIMVerifier
import Foundation
import MailIngest

enum MailBenchmark {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func run(folderPath: String, limit: Int?, rounds: Int) async throws {
        let folder = try MailFolder(path: folderPath, limit: limit)
        let count = folder.mails.count
        let account = folder.accounts[0]
        // One clock for the whole run, as `replay` fixes its `now` at start: the mails were signed
        // minutes ago, well inside the policy's hour.
        let now = Date()
        let nowSeconds = Int64(now.timeIntervalSince1970)
        let sources = folder.names.map { MailSource.file(folderPath + "/" + $0) }
        print("mail-bench: \(count) mails from \(folderPath), \(rounds) rounds")

        // A warm-up run of the pipeline, untimed: every mail must execute, and what it commits
        // per mail (result, DKIM b=, reply) is kept for the commit part.
        let warmUp = try await ReplayPipeline(folder: folder, now: now)
        var results: [JSONValue] = []
        for index in 0..<count {
            let outcome = try await warmUp.pipeline.process(folder.mails[index], source: sources[index])
            guard outcome.status == .executed, let result = outcome.result else {
                throw Failure(description: "\(sources[index]) was not executed: \(outcome.rejection?.code.name ?? outcome.status.rawValue)")
            }
            results.append(result)
        }
        let replies = try await warmUp.ledger.pending(limit: count)
        warmUp.remove()
        guard replies.count == count else { throw Failure(description: "the warm-up queued \(replies.count) replies for \(count) mails") }

        // The parts' inputs. DKIM: the verifier the pipeline builds (the folder's static keys, the
        // email policy's DKIM settings).
        let verifier = DKIMVerifier(resolver: folder.keyResolver, policy: EmailPolicy().dkimPolicy)
        var commits: [MailCommit] = []
        var paths: [String] = []
        for index in 0..<count {
            let verdict = await verifier.verify(ParsedMessage(folder.mails[index]), now: nowSeconds)
            guard let signature = verdict.passing.first?.signature?.signatureBase64,
                let txHash = results[index]["txHash"]?.stringValue,
                let path = results[index]["results"]?.arrayValue?.first?["derivationPath"]?.stringValue
            else { throw Failure(description: "\(sources[index]): no passing DKIM signature or no CallChainSig result") }
            commits.append(MailCommit(txHash: txHash, resultJSON: results[index].compactText, dkimSignature: signature, reply: replies[index]))
            paths.append(path)
        }
        // The signer: the local signer over a root key of its own (its cost does not depend on the
        // key), its derivation cache holding each mail's path, so `sign` is the tweak of the secret
        // and the signature alone; the derivation is measured apart. Payloads: 32 bytes below n,
        // one per mail (the cost of a signature does not depend on the payload).
        let signerFolder = FileManager.default.temporaryDirectory.appendingPathComponent("mail-bench-signer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: signerFolder) }
        let signer = try LocalSigner(dataDirectory: signerFolder.path, predecessor: ReplayPipeline.predecessor)
        let rootKey = try await signer.rootPublicKey()
        let payloads = (0..<count).map { index in
            var payload = Keccak256.hash(Array("payload-\(index)".utf8))
            payload[0] &= 0x7f  // below n
            return payload
        }
        for index in 0..<count { _ = try signer.signSynchronously(payload: payloads[index], derivationPath: paths[index]) }

        // The measurements run interleaved in rounds, so a change in machine load falls on every
        // measurement alike rather than on whichever ran during it.
        var totals = Totals()
        var pipelineRounds: [Double] = []
        var failures = 0
        var sink = 0
        for _ in 0..<rounds {
            // The whole pipeline, on a fresh store as each `replay` run has.
            let replay = try await ReplayPipeline(folder: folder, now: now)
            let pipelineSeconds = try await seconds {
                for index in 0..<count {
                    let outcome = try await replay.pipeline.process(folder.mails[index], source: sources[index])
                    if outcome.status != .executed { failures += 1 }
                }
            }
            replay.remove()
            totals.pipeline += pipelineSeconds
            pipelineRounds.append(pipelineSeconds)

            // Part 1: DKIM verification of the raw mail (header parse, body hash, rsa-sha256).
            totals.dkim += await seconds {
                for raw in folder.mails {
                    if await verifier.verify(ParsedMessage(raw), now: nowSeconds).result != .pass { failures += 1 }
                }
            }
            // Part 2: the key derivation of the mail's path (identity path + user path), fresh each
            // time, as the first mail of a path costs: the SHA3 tweak, then root + tweak·G.
            totals.derive += try await seconds {
                for path in paths {
                    let tweak = try NearKeyDerivation.tweak(predecessor: ReplayPipeline.predecessor, path: path)
                    sink &+= Int(try NearKeyDerivation.derivePublicKey(root: rootKey, tweak: tweak).uncompressed[1])
                }
            }
            // Part 3: the local signer's signature of a 32-byte payload (path cached: the secret's
            // tweak, RFC 6979 recoverable ECDSA, the low-s check).
            totals.sign += try await seconds {
                for index in 0..<count {
                    sink &+= Int(try signer.signSynchronously(payload: payloads[index], derivationPath: paths[index]).signature.r[0])
                }
            }
            // Part 4: the pipeline's commit per mail (MailCommit), nonces in order on a fresh store
            // set up as the pipeline's.
            let commitStore = try await ReplayPipeline(folder: folder, now: now)
            totals.commit += try await seconds {
                for index in 0..<count {
                    let commit = commits[index].accountCommit(
                        accountId: account.accountId,
                        nonce: UInt64(index),
                        identities: account.identities,
                        at: now
                    )
                    if try await commitStore.store.commit(commit) != .committed { failures += 1 }
                }
            }
            commitStore.remove()
        }
        guard failures == 0 else { throw Failure(description: "\(failures) measured operations did not succeed") }

        MailBenchmarkReport(
            mails: count,
            rounds: rounds,
            meanBytes: folder.mails.reduce(0) { $0 + $1.count } / count,
            each: totals.each(operations: count * rounds),
            pipelineRoundRates: pipelineRounds.map { Double(count) / $0 }
        ).print()
        if sink == 42 { Swift.print("") }
    }

    static func seconds(_ body: () async throws -> Void) async rethrows -> Double {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

/// Seconds spent in each measurement over all rounds.
struct Totals {
    var pipeline = 0.0
    var dkim = 0.0
    var derive = 0.0
    var sign = 0.0
    var commit = 0.0

    /// Seconds per operation.
    func each(operations: Int) -> Totals {
        let n = Double(operations)
        return Totals(pipeline: pipeline / n, dkim: dkim / n, derive: derive / n, sign: sign / n, commit: commit / n)
    }

    var parts: Double { dkim + derive + sign + commit }
}
