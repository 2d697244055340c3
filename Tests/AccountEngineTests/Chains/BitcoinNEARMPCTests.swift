import AccountEngine
import ChainmailTestSupport
import NEARMPCSigner
import Testing

/// PROTOCOL.md sections 6 and 8.2 with the `near-mpc` signer: each input of a PSBT is one `sign`
/// request to the MPC contract (the NEAR RPC stand-in, which signs as the network does), asked
/// only after the nonce is committed; the finished transaction passes python-bitcointx's script
/// verification.
@Suite("engine: BitcoinTransaction signed through near-mpc")
struct BitcoinNEARMPCTests {
    @Test("a PSBT of three inputs is signed by three MPC requests on the derived path, and the finished transaction verifies")
    func threeInputs() async throws {
        try await MPCStandIn.with { standIn in
            let fixture = try EngineFixture()
            defer { fixture.removeFiles() }
            let signer = try standIn.signer()
            try await signer.start()
            let engine = AccountEngine(store: fixture.store, signer: signer, signingWait: .seconds(60))
            let wallet = try await PeerWallet.make()
            _ = try await engine.createAccount(id: "alice", identity: try wallet.identity)
            let derived = try await engine.derive(identity: try wallet.identity, path: "bitcoin,1", bitcoinHumanReadablePart: "bcrt")
            let made = try await BitcoinPSBTPeer.make(
                [([30_000, 40_000, 50_000], [.init("p2wsh", 70_000), .init("p2pkh", 20_000), .init("change", 29_000)], nil, nil)],
                publicKey: derived.publicKey.compressed.hexString
            )
            let psbt = try #require(made.first).psbt
            let text = TransactionText.make("alice", nonce: 0, [TransactionText.bitcoinTransaction(from: derived.btcAddress, psbt: psbt)])
            guard case .executed(let result) = try await engine.submit(try await wallet.executeArgs(text)),
                case .bitcoinTransaction(let bitcoin)? = result.results.first
            else {
                Issue.record("not executed as a BitcoinTransaction")
                return
            }
            let requests = try await standIn.signRequests()
            #expect(requests.count == 3)
            #expect(requests.allSatisfy { $0["path"] as? String == derived.derivationPath })
            let verdicts = try await BitcoinPSBTPeer.verify([(psbt, bitcoin.signed.bytes.hexString, bitcoin.signed.txid)])
            #expect(verdicts.first?.ok == true, "\(verdicts.first?.error ?? "")")
        }
    }
}
