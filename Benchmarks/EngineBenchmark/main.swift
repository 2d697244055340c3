// engine-bench: executions per second of an EVM-authorised CallChainSig on the SQLite store, and
// the cost of its irreducible parts measured alone in the same run (one secp256k1 recover, one
// secp256k1 sign, one SQLite write transaction equivalent to the engine's commit), so the
// engine's own overhead can be read off. Usage: engine-bench [executions] (default 2000).
import AccountEngine
import CSecp256k1
import ChainSigner
import Foundation

// The work runs in a nonisolated function, off the main actor, as a server's request handlers
// would: no main-actor hop is counted in any measurement.
try await EngineBenchmark.run(count: CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 2000)

enum EngineBenchmark {
    static func run(count: Int) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("engine-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        // Wallets are plain secp256k1 secrets made here; their personal_sign proofs are made before timing.
        let signer = try LocalSigner(rootSecret: Array(repeating: 0x22, count: 32), predecessor: "chainmail.testnet")
        let store = try SQLiteAccountStore(path: directory.appendingPathComponent("accounts.sqlite").path)
        let engine = AccountEngine(store: store, signer: signer)

        // Prepare one account and one signed ExecuteArgs per execution (distinct accounts, nonce 0).
        print("engine-bench: preparing \(count) accounts and proofs…")
        var prepared: [ExecuteArgs] = []
        var payloads: [[UInt8]] = []
        for index in 0..<count {
            let walletSecret = BenchPayload.of("wallet-\(index)")
            let walletKey = try Secp256k1PublicKey(secretKey: walletSecret)
            let identity = try AuthIdentity(.pubKey("evm:" + ChainAddress.evm(walletKey)))
            _ = try await engine.createAccount(id: "bench-\(index)", identity: identity)
            let payload = Array(BenchPayload.of("payload-\(index)"))
            payloads.append(payload)
            let transaction =
                #"{"accountId":"bench-\#(index)","nonce":0,"actions":[{"type":"CallChainSig","args":{"payload":"\#(payload.hexString)","keyVersion":0,"path":"ethereum,1"}}]}"#
            let signed = try SignedTransaction(jsonText: transaction)
            let message = ApprovalLine.text(serviceId: AuthenticationSettings.defaultServiceId, txHash: signed.txHashHex)
            prepared.append(
                ExecuteArgs(
                    transaction: signed,
                    authIdentity: identity,
                    message: message,
                    evidence: .messageSignature(try personalSign(message, secretKey: walletSecret))
                )
            )
        }
        // Accounts for the equivalent-write part, and the recover inputs.
        for index in 0..<count {
            _ = try await store.createAccount(id: "write-\(index)", identity: prepared[index].authIdentity)
        }
        let recoverInputs: [(digest: [UInt8], signature: RecoverableSignature)] = prepared.map { args in
            let bytes = [UInt8](hex: args.evidence.messageSignature!.dropFirst(2))!
            return (
                EVMPersonalSignVerifier.digest(of: args.message),
                RecoverableSignature(r: Array(bytes[0..<32]), s: Array(bytes[32..<64]), v: bytes[64] - 27)
            )
        }
        let results = try await prepared.prefix(1).asyncMap { try await engine.execute($0) }  // warm-up on account 0
        precondition(results[0].nonce == 1)

        let argsTexts = prepared.map { args in
            JSONValue.object([
                "transaction": args.transaction.sent, "authIdentity": args.authIdentity.json, "message": .string(args.message),
                "messageSignature": .string(args.evidence.messageSignature!),
            ]).compactText
        }
        let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY))!
        defer { secp256k1_context_destroy(context) }
        let rawSecret = [UInt8](repeating: 0x33, count: 32)

        // The measurements run interleaved in rounds, so a change in machine load (fsync latency above all)
        // falls on every measurement alike rather than on whichever ran during it.
        var totals: [String: Double] = [:]
        var sink = 0
        let rounds = 10
        for round in 0..<rounds {
            let slice = Array(stride(from: 1 + round, to: count, by: rounds))

            // The whole execution.
            totals["execute", default: 0] += try await seconds {
                for index in slice { _ = try await engine.execute(prepared[index]) }
            }
            // Part 1: one secp256k1 recover (what the EVM proof costs).
            totals["recover", default: 0] += try await seconds {
                for index in slice {
                    let input = recoverInputs[index]
                    sink &+= Int(try Secp256k1.recover(digest: input.digest, signature: input.signature).compressed[1])
                }
            }
            // Part 2: one secp256k1 recoverable sign, libsecp256k1 alone (RFC 6979, as the local signer calls it).
            totals["sign", default: 0] += await seconds {
                for index in slice {
                    var signature = secp256k1_ecdsa_recoverable_signature()
                    _ = secp256k1_ecdsa_sign_recoverable(context, &signature, payloads[index], rawSecret, nil, nil)
                    sink &+= Int(signature.data.0)
                }
            }
            // Part 3: one SQLite write transaction equal to the engine's commit (nonce CAS, identities, tx record).
            totals["write", default: 0] += try await seconds {
                for index in slice {
                    let outcome = try await store.commit(
                        AccountCommit(
                            accountId: "write-\(index)",
                            expectedNonce: 0,
                            change: .keepIdentities([prepared[index].authIdentity]),
                            txHash: "write-\(index)",
                            resultJSON: results[0].json.compactText,
                            executedAt: Date()
                        )
                    )
                    precondition(outcome == .committed)
                }
            }
            // Inside the overhead, for reference.
            totals["localSign", default: 0] += try await seconds {
                for index in slice { _ = try await signer.sign(payload: payloads[index], derivationPath: "wallet/evm:bench,\(index)") }
            }
            totals["read", default: 0] += try await seconds {
                for index in slice { sink &+= try await store.accountForExecution(id: "write-\(index)")?.authIdentities.count ?? 0 }
            }
            totals["verify", default: 0] += await seconds {
                for index in slice {
                    let args = prepared[index]
                    let proof = ProofInput(
                        identity: args.authIdentity,
                        message: args.message,
                        evidence: args.evidence,
                        txHash: args.transaction.txHash,
                        now: Date()
                    )
                    if await EVMPersonalSignVerifier().verify(proof) != .valid { sink &+= 1 }
                }
            }
            totals["roundTrip", default: 0] += try await seconds {
                for _ in slice { try await store.emptyReadRoundTrip() }
            }
            totals["parse", default: 0] += try await seconds {
                for index in slice { sink &+= try ExecuteArgs(jsonText: argsTexts[index]).transaction.txHash.count }
            }
        }

        let operations = count - 1
        func each(_ name: String) -> Double { totals[name]! / Double(operations) }
        let parts = each("recover") + each("sign") + each("write")
        let signerExtra = each("localSign") - each("sign")
        print("")
        report("execute (EVM proof, CallChainSig, SQLite commit)", each("execute"))
        report("part: secp256k1 recover", each("recover"))
        report("part: secp256k1 sign (libsecp256k1 alone)", each("sign"))
        report("part: SQLite write transaction (commit)", each("write"))
        report("parts together", parts)
        print(String(format: "overhead: %.1f %% over the parts (target < 30 %%)", (each("execute") - parts) / parts * 100))
        print("")
        print("inside the overhead, for reference:")
        report("LocalSigner.sign (tweak, derive, sign, self-check)", each("localSign"))
        report("EVM proof check (EIP-191 digest, recover, address)", each("verify"))
        report("store.account read (step 1 lookup)", each("read"))
        report("an async round trip to a reader connection (empty read)", each("roundTrip"))
        report("ExecuteArgs parse, JCS, txHash (before execute)", each("parse"))
        print(
            String(
                format: "overhead less the local signer's own derivation and self-check: %.1f %%",
                (each("execute") - parts - signerExtra) / parts * 100
            )
        )
        if sink == 42 { print("") }
    }

    static func seconds(_ body: () async throws -> Void) async rethrows -> Double {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    static func report(_ name: String, _ each: Double) {
        let padded = name.padding(toLength: 56, withPad: " ", startingAt: 0)
        print(padded + String(format: "%10.0f /s   %8.1f µs each", 1 / each, each * 1e6))
    }

    static func personalSign(_ message: String, secretKey: [UInt8]) throws -> String {
        let signature = try Secp256k1.sign(digest: EVMPersonalSignVerifier.digest(of: message), secretKey: secretKey)
        return "0x" + (signature.r + signature.s + [signature.v + 27]).hexString
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var values: [T] = []
        for element in self { values.append(try await transform(element)) }
        return values
    }
}

enum BenchPayload {
    static func of(_ text: String) -> [UInt8] {
        var payload = Keccak256.hash(Array(text.utf8))
        payload[0] &= 0x7f  // keep it below n
        return payload
    }
}
