import ChainSigner
import ChainmailTestSupport
import ErrorCodes
import Foundation
import NEARMPCSigner
import Testing

@Suite("near-mpc signatures through the stand-in")
struct SignTests {
    @Test("a signature recovers, by coincurve, to the key the stand-in derived; the transaction has the exact args, 1 yocto and the gas")
    func signatureVerifies() async throws {
        try await MPCStandIn.with { standIn in
            let gas = 250 * NEARMPCSignerConfiguration.teraGas
            let signer = try standIn.signer(try standIn.configuration(signGas: gas))
            let payload = MPCStandIn.randomBytes(31) + [0x01]
            let path = #"evm/1/oidc:"accounts.example.com"/alice@example.com"#
            let derived = try await signer.sign(payload: payload, derivationPath: path)
            #expect(derived.derivationPath == path)
            let checks = try await standIn.coincurveCheck([(payload, derived)])
            #expect(MPCStandIn.allPassed(checks, count: 1), "\(checks)")

            let requests = try await standIn.signRequests()
            try #require(requests.count == 1)
            let request = requests[0]
            let pathJSON = String(
                decoding: try JSONSerialization.data(withJSONObject: path, options: [.fragmentsAllowed, .withoutEscapingSlashes]),
                as: UTF8.self
            )
            #expect(
                request["args"] as? String == #"{"request":{"path":"# + pathJSON + #","payload_v2":{"Ecdsa":""# + payload.hexString
                    + #""},"domain_id":0}}"#
            )
            #expect(request["deposit"] as? String == "1")
            #expect((request["gas"] as? NSNumber)?.uint64Value == gas)
            #expect(request["signer_id"] as? String == MPCStandIn.predecessor)
            #expect(request["path"] as? String == path)
            #expect(request["result"] as? String == "success")
            #expect(try await standIn.count("transactions_received") == 1)
        }
    }

    @Test("a payload that is not 32 bytes or not below n is refused before anything is sent")
    func payloadChecks() async throws {
        try await MPCStandIn.with { standIn in
            let signer = try standIn.signer()
            let short = try await #require(throws: ChainSignerError.self) { try await signer.sign(payload: [1, 2, 3], derivationPath: "p") }
            #expect(short.code == .invalidPayload)
            let high = try await #require(throws: ChainSignerError.self) {
                try await signer.sign(payload: [UInt8](repeating: 0xFF, count: 32), derivationPath: "p")
            }
            #expect(high.code == .payloadOutOfRange)
            #expect(try await standIn.count("transactions_received") == 0)
        }
    }

    @Test(
        "fifty concurrent signatures through one access key all succeed, with no nonce used twice (MPC latency 0 s and 1 s)",
        arguments: [0.0, 1.0]
    )
    func fiftyConcurrent(signLatency: Double) async throws {
        try await MPCStandIn.with(["sign_latency": signLatency]) { standIn in
            let signer = try standIn.signer()
            try await signer.start()
            let clock = ContinuousClock()
            let started = clock.now
            let results = try await withThrowingTaskGroup(of: ([UInt8], DerivedSignature).self) { group in
                for index in 0..<50 {
                    group.addTask {
                        let payload = MPCStandIn.randomBytes(31) + [UInt8(index)]
                        return (payload, try await signer.sign(payload: payload, derivationPath: "concurrent/\(index)"))
                    }
                }
                var results: [([UInt8], DerivedSignature)] = []
                for try await result in group { results.append(result) }
                return results
            }
            let elapsed = clock.now - started
            #expect(results.count == 50)
            let checks = try await standIn.coincurveCheck(results.map { (payload: $0.0, signature: $0.1) })
            #expect(MPCStandIn.allPassed(checks, count: 50))
            let key = try await standIn.keyStats()
            #expect((key["duplicate_nonces"] as? [Any])?.isEmpty == true)
            let refusals = try await standIn.refusals()
            let received = try await standIn.count("transactions_received")
            #expect(try await standIn.count("signatures_made") == 50)
            print(
                "near-mpc: 50 concurrent signatures with MPC latency \(signLatency) s in \(elapsed); transactions received \(received), refusals \(refusals)"
            )
            #expect(refusals["InvalidNonce", default: 0] <= 5)
        }
    }

    @Test("a send_tx that times out is followed by status polls of the same hash: one transaction, the signature returned")
    func timeoutThenLateSuccess() async throws {
        try await MPCStandIn.with { standIn in
            let signer = try standIn.signer()
            try await signer.start()
            try await standIn.peer.control(["timeout_next": 1, "timeout_delay": 0.5, "sign_latency": 1.0])
            let payload = MPCStandIn.randomBytes(31) + [7]
            let derived = try await signer.sign(payload: payload, derivationPath: "late/1")
            #expect(MPCStandIn.allPassed(try await standIn.coincurveCheck([(payload, derived)]), count: 1))
            let stats = try await standIn.stats()
            #expect(stats["transactions_received"] as? Int == 1)
            let requests = stats["requests"] as? [String: Int] ?? [:]
            #expect(requests["send_tx"] == 1)
            #expect(requests["EXPERIMENTAL_tx_status", default: 0] >= 1)
        }
    }

    @Test("our own request time-out after sending is followed by status polls of the same hash: one transaction")
    func clientTimeoutThenLateSuccess() async throws {
        try await MPCStandIn.with { standIn in
            let signer = try standIn.signer(try standIn.configuration(requestTimeout: .seconds(1)))
            try await signer.start()
            try await standIn.peer.control(["timeout_next": 1, "timeout_delay": 3.0])
            let payload = MPCStandIn.randomBytes(31) + [8]
            let derived = try await signer.sign(payload: payload, derivationPath: "late/2")
            #expect(MPCStandIn.allPassed(try await standIn.coincurveCheck([(payload, derived)]), count: 1))
            #expect(try await standIn.count("transactions_received") == 1)
            #expect(try await standIn.count("resubmissions") == 0)
        }
    }

    @Test("an RPC that dies after taking the transaction, then comes back: the same hash is polled, one transaction")
    func rpcDiesAfterSend() async throws {
        let stateFile = FileManager.default.temporaryDirectory.appendingPathComponent("near-mpc-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: stateFile) }
        try await MPCStandIn.with(["state_file": stateFile]) { standIn in
            let signer = try standIn.signer(try standIn.configuration(requestTimeout: .seconds(2), statusDeadline: .seconds(60)))
            try await signer.start()
            try await standIn.peer.control(["die_on": ["method": "send_tx", "when": "after"]])
            let payload = MPCStandIn.randomBytes(31) + [10]
            let signing = Task { try await signer.sign(payload: payload, derivationPath: "die/1") }
            #expect(await eventually(timeout: .seconds(30)) { !standIn.peer.isRunning })
            standIn.peer.stop()
            try await Task.sleep(for: .seconds(1))
            try await standIn.peer.start()
            let derived = try await signing.value
            #expect(MPCStandIn.allPassed(try await standIn.coincurveCheck([(payload, derived)]), count: 1))
            #expect(try await standIn.count("transactions_received") == 1)
            #expect(try await standIn.signRequests().count == 1)
        }
    }

    @Test("an outcome that never comes within statusDeadline is signer_unavailable, temporary, after one transaction")
    func statusDeadline() async throws {
        try await MPCStandIn.with { standIn in
            let signer = try standIn.signer(try standIn.configuration(statusDeadline: .seconds(2)))
            try await signer.start()
            try await standIn.peer.control(["sign_latency": 8.0])
            let error = try await #require(throws: ChainSignerError.self) {
                try await signer.sign(payload: MPCStandIn.randomBytes(31) + [9], derivationPath: "slow/1")
            }
            #expect(error.code == .signerUnavailable)
            #expect(error.isTemporary)
            #expect(try await standIn.count("transactions_received") == 1)
        }
    }
}
