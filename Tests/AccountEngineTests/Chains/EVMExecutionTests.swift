import AccountEngine
import ByteEncoding
import ChainSigner
import ChainTransactions
import ChainmailTestSupport
import ErrorCodes
import Foundation
import Testing

/// PROTOCOL.md section 8.1 through the engine: an EVMTransaction is planned on the parsed value,
/// its `from` checked against the derived address, signed, and answered as a signed transaction;
/// on a chain with a node, recorded for the broadcaster with its execution.
@Suite("engine: EVMTransaction actions")
struct EVMExecutionTests {
    static let local = EVMChain(chainId: 31337, name: "Local", symbol: "ETH", decimals: 18, rpcURL: "http://127.0.0.1:1", explorerURL: nil)

    /// An engine with the chain 31337 (with a node) besides the built-in ones, and an account
    /// held by an EVM wallet; its derived `from` for path ethereum,1.
    private func setUp(signer: (LocalSigner) -> any Signer = { $0 }) async throws -> (EngineFixture, AccountEngine, PeerWallet, String) {
        let fixture = try EngineFixture()
        let engine = AccountEngine(
            store: fixture.store,
            signer: signer(fixture.signer),
            chains: ChainRegistry(evm: [Self.local], tokens: [])
        )
        let wallet = try await PeerWallet.make()
        _ = try await engine.createAccount(id: "alice", identity: try wallet.identity)
        let from = try await engine.derive(identity: try wallet.identity, path: "ethereum,1").evmAddress
        return (fixture, engine, wallet, from)
    }

    @Test("an EVMTransaction executes: the signed transaction carries the derived key's signature of its EIP-1559 payload")
    func executes() async throws {
        let (fixture, engine, wallet, from) = try await setUp()
        defer { fixture.removeFiles() }
        let action = TransactionText.evmTransaction(from: from, chainId: 31337, nonce: 7)
        let result = try await engine.execute(try await wallet.executeArgs(TransactionText.make("alice", nonce: 0, [action])))
        guard case .evmTransaction(let evm) = try #require(result.results.first) else {
            Issue.record("not an EVMTransaction result")
            return
        }
        let expected = try await fixture.signer.sign(
            payload: evm.transaction.signingPayload,
            derivationPath: "\(try wallet.identity.path),ethereum,1"
        )
        #expect(evm.signature.signature == expected.signature)
        #expect(evm.transaction.from.lowercaseHex == from)
        #expect(evm.signedTransaction.first == 0x02)
        #expect(evm.transactionHash == Keccak256.hash(evm.signedTransaction))
        let json = evm.json
        #expect(json["from"]?.stringValue == from)
        #expect(json["chainId"]?.compactText == "31337")
        #expect(json["signedTransaction"]?.stringValue == "0x" + evm.signedTransaction.hexString)
    }

    @Test("a from that is not the address derived for the approver and path is refused with from_mismatch; the nonce stays")
    func fromMismatch() async throws {
        let (fixture, engine, wallet, _) = try await setUp()
        defer { fixture.removeFiles() }
        let other = try await engine.derive(identity: try wallet.identity, path: "ethereum,2").evmAddress
        let action = TransactionText.evmTransaction(from: other, chainId: 31337)
        await #expect {
            _ = try await engine.execute(try await wallet.executeArgs(TransactionText.make("alice", nonce: 0, [action])))
        } throws: { ($0 as? EngineError)?.code == "from_mismatch" }
        #expect(try await engine.account(id: "alice").nonce == 0)
    }

    @Test("a chain that is not configured is refused with chain_unknown, when executed and when prepared")
    func unknownChain() async throws {
        let (fixture, engine, wallet, from) = try await setUp()
        defer { fixture.removeFiles() }
        let text = TransactionText.make("alice", nonce: 0, [TransactionText.evmTransaction(from: from, chainId: 999)])
        await #expect {
            _ = try await engine.execute(try await wallet.executeArgs(text))
        } throws: { ($0 as? EngineError)?.code == "chain_unknown" }
        await #expect {
            _ = try await engine.prepare(try SignedTransaction(jsonText: text))
        } throws: { ($0 as? EngineError)?.code == "chain_unknown" }
    }

    @Test("an execution on a chain with a node records its signed transaction pending, in the same commit; a chain without one records none")
    func broadcastsRecorded() async throws {
        let (fixture, engine, wallet, from) = try await setUp()
        defer { fixture.removeFiles() }
        let withNode = TransactionText.evmTransaction(from: from, chainId: 31337)
        let withoutNode = TransactionText.evmTransaction(from: from, chainId: 1)
        let result = try await engine.execute(try await wallet.executeArgs(TransactionText.make("alice", nonce: 0, [withoutNode, withNode])))
        let broadcasts = try await engine.broadcasts(txHash: result.txHash)
        #expect(broadcasts.count == 1)
        guard case .evmTransaction(let evm) = result.results[1] else {
            Issue.record("not an EVMTransaction result")
            return
        }
        #expect(broadcasts.first?.actionIndex == 1)
        #expect(broadcasts.first?.status == .pending)
        #expect(broadcasts.first?.signedTransaction == evm.signedTransaction)
        #expect(broadcasts.first?.transactionHash == "0x" + evm.transactionHash.hexString)
    }

    @Test("through a remote signer the signing work keeps the transaction: executed with the same signed transaction, its broadcast recorded")
    func remoteSigner() async throws {
        let (fixture, engine, wallet, from) = try await setUp { ScriptedRemoteSigner($0, failures: [.temporary]) }
        defer { fixture.removeFiles() }
        let text = TransactionText.make("alice", nonce: 0, [TransactionText.evmTransaction(from: from, chainId: 31337)])
        guard case .signing(let signing) = try await engine.submit(try await wallet.executeArgs(text)) else {
            Issue.record("not left signing after a temporary failure")
            return
        }
        #expect(try await engine.broadcasts(txHash: signing.txHash).isEmpty, "nothing to send before the signature")
        let worker = Task { await engine.runSigningWorker(interval: .milliseconds(100)) }
        defer { worker.cancel() }
        let executed = await eventually(timeout: .seconds(30)) {
            (try? await engine.transactionRecord(txHash: signing.txHash)?.status) == .executed
        }
        #expect(executed)
        let record = try #require(try await engine.transactionRecord(txHash: signing.txHash))
        let result = try StrictJSONParser().parse(record.resultJSON ?? "")
        let signed = try #require(result["results"]?.arrayValue?.first?["signedTransaction"]?.stringValue)
        let broadcasts = try await engine.broadcasts(txHash: signing.txHash)
        #expect(broadcasts.map { "0x" + $0.signedTransaction.hexString } == [signed])
    }

    static let from = "0x000000000000000000000000000000000000bEEF"

    @Test(
        "an EVMTransaction that breaks a rule of section 8.1 is refused with its code",
        arguments: [
            (TransactionText.evmTransaction(from: from, to: nil), "contract_creation_refused"),
            (TransactionText.evmTransaction(from: "0x000000000000000000000000000000000000BeeF"), "address_checksum_invalid"),
            (TransactionText.evmTransaction(from: from, maxFeePerGas: "1000", maxPriorityFeePerGas: "1001"), "fee_invalid"),
            (TransactionText.evmTransaction(from: from, value: String(repeating: "9", count: 78)), "amount_out_of_range"),
            (
                TransactionText.evmTransaction(from: from, value: "115792089237316195423570985008687907853269984665640564039457584007913129639936"),
                "amount_out_of_range"
            ),
            (TransactionText.evmTransaction(from: from, value: "01"), "amount_invalid"),
            (TransactionText.evmTransaction(from: from, value: "1e18"), "amount_invalid"),
            (TransactionText.evmTransaction(from: from, data: "0x" + String(repeating: "ab", count: 65_537)), "data_too_large"),
            (TransactionText.evmTransaction(from: from, data: "0xabc"), "invalid_transaction"),
            (
                TransactionText.evmTransaction(
                    from: from,
                    maxFeePerGas: "115792089237316195423570985008687907853269984665640564039457584007913129639935"
                ), "amount_out_of_range"
            ),
        ]
    )
    func refusals(action: String, code: String) throws {
        #expect {
            _ = try SignedTransaction(jsonText: TransactionText.make("alice", nonce: 0, [action]), parser: StrictJSONParser(maxBytes: 1 << 20))
        } throws: { ($0 as? EngineError)?.code == code }
    }
}
