import ChainmailTestSupport

/// That a level's signatures are real: every one checked by coincurve against the key the
/// stand-in derives itself, and the stand-in's counts since the level began (one accepted
/// transaction and one MPC signature per request, no refusal, no nonce used twice).
struct StandInCheck: Sendable {
    var coincurvePassed: Int
    var transactionsReceived: Int
    var transactionsAccepted: Int
    var signaturesMade: Int
    var refusals: Int
    var resubmissions: Int
    var duplicateNonces: Int
    /// `send_tx` and `EXPERIMENTAL_tx_status` requests the stand-in answered.
    var sendRequests: Int
    var statusPolls: Int

    /// Reads the stand-in's statistics (reset when the level began) and runs coincurve over `signed`.
    static func of(_ signed: [ConcurrentSigning.Signed], standIn: MPCStandIn) async throws -> StandInCheck {
        let checks = try await standIn.coincurveCheck(signed.map { (payload: $0.payload, signature: $0.signature) })
        let stats = try await standIn.stats()
        let key = try await standIn.keyStats()
        let requests = stats["requests"] as? [String: Int] ?? [:]
        return StandInCheck(
            coincurvePassed: checks.filter { $0.count == 3 && $0.values.allSatisfy { $0 } }.count,
            transactionsReceived: stats["transactions_received"] as? Int ?? -1,
            transactionsAccepted: stats["transactions_accepted"] as? Int ?? -1,
            signaturesMade: stats["signatures_made"] as? Int ?? -1,
            refusals: (stats["refusals"] as? [String: Int] ?? [:]).values.reduce(0, +),
            resubmissions: stats["resubmissions"] as? Int ?? -1,
            duplicateNonces: (key["duplicate_nonces"] as? [Any])?.count ?? -1,
            sendRequests: requests["send_tx", default: 0],
            statusPolls: requests["EXPERIMENTAL_tx_status", default: 0]
        )
    }

    /// Whether `count` requests gave `count` checked signatures from `count` transactions.
    func passes(count: Int) -> Bool {
        coincurvePassed == count && transactionsReceived == count && transactionsAccepted == count && signaturesMade == count
            && refusals == 0 && duplicateNonces == 0
    }
}
