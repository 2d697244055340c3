import ChainSigner
import ChainmailTestSupport
import ErrorCodes
import Foundation
import NEARMPCSigner
import Testing

@Suite("near-mpc signer against the stand-in's faults")
struct FaultTests {
    @Test(
        "a wrong signature (other key, high s, flipped recovery id) is signer_invalid_response, permanent, and not asked again",
        arguments: ["other_key", "high_s", "bad_recovery_id"]
    )
    func wrongSignature(kind: String) async throws {
        try await MPCStandIn.with { standIn in
            let signer = try standIn.signer()
            try await signer.start()
            try await standIn.peer.control(["wrong_signature": ["count": 1, "kind": kind]])
            let error = try await #require(throws: ChainSignerError.self) {
                try await signer.sign(payload: MPCStandIn.randomBytes(31) + [1], derivationPath: "wrong/\(kind)")
            }
            #expect(error.code == .signerInvalidResponse)
            #expect(!error.isTemporary)
            #expect(try await standIn.signRequests().count == 1)
            #expect(try await standIn.count("transactions_received") == 1)
        }
    }

    @Test("an InvalidNonce refusal resynchronises and sends a new transaction; no nonce is used twice")
    func invalidNonceFault() async throws {
        try await MPCStandIn.with { standIn in
            let signer = try standIn.signer()
            try await signer.start()
            try await standIn.peer.control(["fail_next": ["error": "invalid_nonce", "count": 2]])
            let payload = MPCStandIn.randomBytes(31) + [2]
            let derived = try await signer.sign(payload: payload, derivationPath: "nonce/1")
            #expect(MPCStandIn.allPassed(try await standIn.coincurveCheck([(payload, derived)]), count: 1))
            #expect(try await standIn.refusals()["InvalidNonce"] == 2)
            #expect(try await standIn.count("transactions_accepted") == 1)
            let key = try await standIn.keyStats()
            #expect((key["duplicate_nonces"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("a key nonce moved ahead by another client (set_nonce) is learnt from the refusal; signing goes on above it")
    func nonceMovedAhead() async throws {
        try await MPCStandIn.with { standIn in
            let signer = try standIn.signer()
            let first = MPCStandIn.randomBytes(31) + [3]
            let one = try await signer.sign(payload: first, derivationPath: "ahead/1")
            let before = try #require(try await standIn.keyStats()["nonce"] as? Int)
            let ahead = before + 1000
            try await standIn.peer.control([
                "set_nonce": ["account_id": MPCStandIn.predecessor, "public_key": standIn.fullAccess.publicKey.description, "nonce": ahead]
            ])
            let second = MPCStandIn.randomBytes(31) + [4]
            let two = try await signer.sign(payload: second, derivationPath: "ahead/2")
            #expect(MPCStandIn.allPassed(try await standIn.coincurveCheck([(first, one), (second, two)]), count: 2))
            let key = try await standIn.keyStats()
            #expect(try #require(key["nonce"] as? Int) > ahead)
            #expect((key["duplicate_nonces"] as? [Any])?.isEmpty == true)
            #expect(try await standIn.refusals()["InvalidNonce"] == 1)
        }
    }

    @Test("an expired block hash is retried once over a new block")
    func expiredBlockHash() async throws {
        try await MPCStandIn.with { standIn in
            let signer = try standIn.signer()
            try await signer.start()
            try await standIn.peer.control(["fail_next": ["error": "expired"]])
            let payload = MPCStandIn.randomBytes(31) + [5]
            let derived = try await signer.sign(payload: payload, derivationPath: "expired/1")
            #expect(MPCStandIn.allPassed(try await standIn.coincurveCheck([(payload, derived)]), count: 1))
            #expect(try await standIn.refusals()["Expired"] == 1)
        }
    }

    @Test("the MPC network's time-out is signer_unavailable, temporary, after one transaction")
    func mpcTimeout() async throws {
        try await Self.expectFailure(fault: "mpc_timeout", code: .signerUnavailable, temporary: true, transactions: 1)
    }

    @Test("not enough balance is signer_unavailable, temporary (the operator can fund the account)")
    func notEnoughBalance() async throws {
        try await Self.expectFailure(fault: "not_enough_balance", code: .signerUnavailable, temporary: true, transactions: 1)
    }

    @Test("any other contract failure is near_contract_failure, permanent, after one transaction")
    func contractFailure() async throws {
        try await Self.expectFailure(fault: "contract_failure", code: .nearContractFailure, temporary: false, transactions: 1)
    }

    @Test("a transaction refused for its signature is near_transaction_invalid, permanent")
    func invalidSignature() async throws {
        try await Self.expectFailure(fault: "invalid_signature", code: .nearTransactionInvalid, temporary: false, transactions: 1)
    }

    @Test("an RPC failing inside (HTTP 500) at send_tx: the hash is polled until statusDeadline, then signer_unavailable, temporary")
    func internalError() async throws {
        try await Self.expectFailure(fault: "internal", code: .signerUnavailable, temporary: true, transactions: 0, statusDeadline: .seconds(2))
    }

    static func expectFailure(
        fault: String,
        code: ErrorCode,
        temporary: Bool,
        transactions: Int,
        statusDeadline: Duration = .seconds(30)
    ) async throws {
        try await MPCStandIn.with { standIn in
            let signer = try standIn.signer(try standIn.configuration(statusDeadline: statusDeadline))
            try await signer.start()
            try await standIn.peer.control(["fail_next": ["error": fault, "method": fault == "internal" ? "send_tx" : nil].compactMapValues { $0 }])
            let error = try await #require(throws: ChainSignerError.self) {
                try await signer.sign(payload: MPCStandIn.randomBytes(31) + [6], derivationPath: "fault/\(fault)")
            }
            #expect(error.code == code, "\(error)")
            #expect(error.isTemporary == temporary)
            #expect(error.message.contains("near_"), "the NEAR code is kept in the message: \(error.message)")
            #expect(try await standIn.count("transactions_received") == transactions)
        }
    }
}
