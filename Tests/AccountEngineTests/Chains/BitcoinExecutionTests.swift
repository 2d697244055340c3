import AccountEngine
import ByteEncoding
import ChainSigner
import ChainTransactions
import ChainmailTestSupport
import Testing

/// PROTOCOL.md section 8.2 through the engine, on PSBTs made by python-bitcointx
/// (scripts/peers/bitcoin_psbt.py): every input signed by the signer, the finished transaction
/// verified by that library's script interpreter, its txid and virtual size equal to the library's;
/// the summary names every output and the fee; each refusal has its code and leaves the nonce.
@Suite("engine: BitcoinTransaction actions against python-bitcointx")
struct BitcoinExecutionTests {
    static let outputTypes = ["p2wpkh", "p2wsh", "p2tr", "p2pkh", "p2sh", "op_return", "change"]

    /// An engine whose account is held by an EVM wallet; the derived key and regtest `from` for path bitcoin,1.
    private func setUp(signer: (LocalSigner) -> any Signer = { $0 }) async throws -> (EngineFixture, AccountEngine, PeerWallet, Derivation) {
        let fixture = try EngineFixture()
        let engine = AccountEngine(store: fixture.store, signer: signer(fixture.signer))
        let wallet = try await PeerWallet.make()
        _ = try await engine.createAccount(id: "alice", identity: try wallet.identity)
        let derived = try await engine.derive(identity: try wallet.identity, path: "bitcoin,1", bitcoinHumanReadablePart: "bcrt")
        return (fixture, engine, wallet, derived)
    }

    /// The exact BTC amount of `satoshis`, as the summary writes it.
    static func btc(_ satoshis: UInt64) -> String {
        UInt256(satoshis).formatted(decimals: 8) + " BTC"
    }

    @Test(
        "PSBTs of 1 to 5 inputs and 1 to 4 outputs of every address type are signed and pass python-bitcointx's script verification, with its txid and vsize"
    )
    func peerMatrix() async throws {
        let (fixture, engine, wallet, derived) = try await setUp()
        defer { fixture.removeFiles() }
        var cases: [(inputs: [UInt64], outputs: [BitcoinPSBTPeer.OutputSpec], sighashType: Int?, inputScript: String?)] = []
        for inputCount in 1...5 {
            for outputCount in 1...4 {
                let index = cases.count
                let inputs = (0..<inputCount).map { UInt64(50_000 + 7_919 * ($0 + index)) }
                let spend = inputs.reduce(0, +) - UInt64(1_000 + 13 * index)
                let outputs = (0..<outputCount).map { position in
                    let type = Self.outputTypes[(index + position) % Self.outputTypes.count]
                    let share = spend / UInt64(outputCount)
                    return BitcoinPSBTPeer.OutputSpec(type, type == "op_return" ? 0 : share - UInt64(position))
                }
                cases.append((inputs, outputs, index % 3 == 0 ? 1 : nil, nil))
            }
        }
        let made = try await BitcoinPSBTPeer.make(cases, publicKey: derived.publicKey.compressed.hexString)
        #expect(made.count == 20)
        var signed: [(psbt: String, signedTransaction: String, txid: String)] = []
        var sizes: [Int] = []
        for (nonce, psbt) in made.enumerated() {
            let action = TransactionText.bitcoinTransaction(from: derived.btcAddress, psbt: psbt.psbt)
            let text = TransactionText.make("alice", nonce: UInt64(nonce), [action])
            let summary = TransactionSummary.lines(for: try SignedTransaction(jsonText: text).transaction, chains: .builtIn)
            for (position, output) in psbt.outputs.enumerated() {
                let line = summary.first { $0.hasPrefix("Output \(position + 1): ") }
                #expect(
                    line?.hasPrefix("Output \(position + 1): \(Self.btc(output.value)) to \(output.address ?? "script " + output.script)") == true,
                    "\(summary)"
                )
                #expect(line?.contains("change") == output.change, "\(summary)")
            }
            #expect(summary.contains { $0.hasPrefix("Network fee: \(Self.btc(UInt64(psbt.fee))) (") }, "\(summary)")

            let result = try await engine.execute(try await wallet.executeArgs(text))
            guard case .bitcoinTransaction(let bitcoin) = try #require(result.results.first) else {
                Issue.record("not a BitcoinTransaction result")
                return
            }
            #expect(bitcoin.signatures.count == cases[nonce].inputs.count)
            #expect(bitcoin.signatures.allSatisfy { $0.publicKey == derived.publicKey })
            let json = bitcoin.json
            #expect(json["from"]?.stringValue == derived.btcAddress)
            #expect(json["signatures"]?.arrayValue?.count == bitcoin.transaction.psbt.inputs.count)
            signed.append((psbt.psbt, bitcoin.signed.bytes.hexString, bitcoin.signed.txid))
            sizes.append(bitcoin.signed.virtualSize)
        }
        let verdicts = try await BitcoinPSBTPeer.verify(signed)
        #expect(verdicts.count == signed.count)
        for (index, verdict) in verdicts.enumerated() {
            #expect(verdict.ok, "case \(index): \(verdict.error ?? "")")
            #expect(verdict.txid == signed[index].txid, "case \(index)")
            #expect(verdict.virtualSize == UInt64(sizes[index]), "case \(index)")
        }
    }

    @Test("through a remote signer the signing work keeps the PSBT: after a failure for a while, every input is signed from what was committed")
    func remoteSigner() async throws {
        let (fixture, engine, wallet, derived) = try await setUp { ScriptedRemoteSigner($0, failures: [.temporary]) }
        defer { fixture.removeFiles() }
        let made = try await BitcoinPSBTPeer.make(
            [([40_000, 50_000, 60_000], [.init("p2tr", 100_000), .init("change", 45_000)], nil, nil)],
            publicKey: derived.publicKey.compressed.hexString
        )
        let psbt = try #require(made.first).psbt
        let text = TransactionText.make("alice", nonce: 0, [TransactionText.bitcoinTransaction(from: derived.btcAddress, psbt: psbt)])
        guard case .signing(let signing) = try await engine.submit(try await wallet.executeArgs(text)) else {
            Issue.record("not left signing after a temporary failure")
            return
        }
        let worker = Task { await engine.runSigningWorker(interval: .milliseconds(100)) }
        defer { worker.cancel() }
        let executed = await eventually(timeout: .seconds(30)) {
            (try? await engine.transactionRecord(txHash: signing.txHash)?.status) == .executed
        }
        #expect(executed)
        let record = try #require(try await engine.transactionRecord(txHash: signing.txHash))
        let result = try #require(try StrictJSONParser().parse(record.resultJSON ?? "")["results"]?[0])
        #expect(result["signatures"]?.arrayValue?.count == 3)
        let verdicts = try await BitcoinPSBTPeer.verify([
            (psbt, try #require(result["signedTransaction"]?.stringValue), try #require(result["txid"]?.stringValue))
        ])
        #expect(verdicts.first?.ok == true, "\(verdicts.first?.error ?? "")")
    }

    @Test(
        "refusals: an input paying another script, SIGHASH_NONE, SINGLE and ANYONECANPAY, outputs above inputs, a malformed PSBT: psbt_invalid; the nonce stays"
    )
    func psbtRefusals() async throws {
        let (fixture, engine, wallet, derived) = try await setUp()
        defer { fixture.removeFiles() }
        let other = "0014" + String(repeating: "ab", count: 20)
        let made = try await BitcoinPSBTPeer.make(
            [
                ([60_000, 70_000], [.init("p2wpkh", 100_000)], nil, other),
                ([60_000], [.init("p2wpkh", 50_000)], 2, nil),
                ([60_000], [.init("p2wpkh", 50_000)], 3, nil),
                ([60_000], [.init("p2wpkh", 50_000)], 0x81, nil),
                ([60_000], [.init("p2wpkh", 50_000), .init("change", 10_001)], nil, nil),
            ],
            publicKey: derived.publicKey.compressed.hexString
        )
        let valid = try await BitcoinPSBTPeer.make(
            [([60_000], [.init("p2wpkh", 50_000)], nil, nil)],
            publicKey: derived.publicKey.compressed.hexString
        )
        let validPSBT = try #require(valid.first).psbt
        let validBytes = try #require(Base64.decode(validPSBT, .dkim))
        let truncated = Base64.encode(validBytes.dropLast(3), .dkim)
        for psbt in made.map(\.psbt) + [truncated, "not base64!"] {
            let text = TransactionText.make("alice", nonce: 0, [TransactionText.bitcoinTransaction(from: derived.btcAddress, psbt: psbt)])
            await #expect {
                _ = try await engine.execute(try await wallet.executeArgs(text))
            } throws: { ($0 as? EngineError)?.code == "psbt_invalid" }
        }
        #expect(try await engine.account(id: "alice").nonce == 0)
    }

    @Test("a from on another network, or derived for another path, is from_mismatch; an unknown network is chain_unknown; the nonce stays")
    func fromAndNetwork() async throws {
        let (fixture, engine, wallet, derived) = try await setUp()
        defer { fixture.removeFiles() }
        let identity = try wallet.identity
        let made = try await BitcoinPSBTPeer.make(
            [([60_000], [.init("p2wpkh", 50_000)], nil, nil)],
            publicKey: derived.publicKey.compressed.hexString
        )
        let psbt = try #require(made.first).psbt
        let testnet = try await engine.derive(identity: identity, path: "bitcoin,1", bitcoinHumanReadablePart: "tb").btcAddress
        let otherPath = try await engine.derive(identity: identity, path: "bitcoin,2", bitcoinHumanReadablePart: "bcrt")
        // A PSBT whose inputs pay the other path's key: it reads, and only the derivation refuses it.
        let otherMade = try await BitcoinPSBTPeer.make(
            [([60_000], [.init("p2wpkh", 50_000)], nil, nil)],
            publicKey: otherPath.publicKey.compressed.hexString
        )
        let otherPSBT = try #require(otherMade.first).psbt
        let refusals: [(String, String)] = [
            (TransactionText.bitcoinTransaction(from: testnet, psbt: psbt), "from_mismatch"),
            (TransactionText.bitcoinTransaction(network: "testnet", from: derived.btcAddress, psbt: psbt), "from_mismatch"),
            (TransactionText.bitcoinTransaction(from: otherPath.btcAddress, psbt: otherPSBT), "from_mismatch"),
            (TransactionText.bitcoinTransaction(network: "mainnet", from: derived.btcAddress, psbt: psbt), "chain_unknown"),
        ]
        for (action, code) in refusals {
            await #expect {
                _ = try await engine.execute(try await wallet.executeArgs(TransactionText.make("alice", nonce: 0, [action])))
            } throws: { ($0 as? EngineError)?.code == code }
        }
        #expect(try await engine.account(id: "alice").nonce == 0)
    }
}
