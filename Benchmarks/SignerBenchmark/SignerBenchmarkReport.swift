import Foundation

/// The table and the JSON line of a run; the queue column uses the one-at-a-time level's mean
/// latency as the single-request latency.
struct SignerBenchmarkReport {
    var results: [SignerLevelResult]
    var settings: [String: any Sendable]

    var singleRequest: Double { results.first?.mean ?? 0 }
    var allPassed: Bool { results.allSatisfy { $0.check.passes(count: $0.level.count) } }

    func printTable() {
        print("")
        print(
            String(
                format: "stand-in: block_time %.1f s, sign_latency %.1f s; ",
                settings["block_time"] as? Double ?? 0,
                settings["sign_latency"] as? Double ?? 0
            )
                + String(format: "single-request latency (mean at concurrency 1): %.3f s", singleRequest)
        )
        print("")
        print("| concurrency | signatures | seconds | signatures/s | p50 s | p95 s | max s | queue would take s | overlap | checks |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for result in results {
            let queue = result.queueSeconds(singleRequest: singleRequest)
            let check = result.check
            let checks =
                check.passes(count: result.level.count)
                ? "\(check.coincurvePassed)/\(result.level.count) coincurve, \(check.transactionsAccepted) tx, no duplicate nonce"
                : "FAILED: coincurve \(check.coincurvePassed), received \(check.transactionsReceived), accepted \(check.transactionsAccepted), "
                    + "signed \(check.signaturesMade), refusals \(check.refusals), duplicate nonces \(check.duplicateNonces)"
            print(
                String(
                    format: "| %d | %d | %.2f | %.2f | %.3f | %.3f | %.3f | %.1f | %.1f× | ",
                    result.level.concurrency,
                    result.level.count,
                    result.seconds,
                    result.perSecond,
                    result.p50,
                    result.p95,
                    result.max,
                    queue,
                    queue / result.seconds
                ) + checks + " |"
            )
        }
        print("")
    }

    func printJSONLine() {
        let levels: [[String: Any]] = results.map { result in
            [
                "concurrency": result.level.concurrency, "signatures": result.level.count, "seconds": rounded(result.seconds),
                "signaturesPerSecond": rounded(result.perSecond), "latencyP50": rounded(result.p50), "latencyP95": rounded(result.p95),
                "latencyMax": rounded(result.max), "queueSeconds": rounded(result.queueSeconds(singleRequest: singleRequest)),
                "coincurvePassed": result.check.coincurvePassed, "transactionsReceived": result.check.transactionsReceived,
                "transactionsAccepted": result.check.transactionsAccepted, "signaturesMade": result.check.signaturesMade,
                "refusals": result.check.refusals, "resubmissions": result.check.resubmissions,
                "duplicateNonces": result.check.duplicateNonces, "sendRequests": result.check.sendRequests,
                "statusPolls": result.check.statusPolls, "passed": result.check.passes(count: result.level.count),
            ]
        }
        let line: [String: Any] = [
            "benchmark": "signer", "blockTime": settings["block_time"] as? Double ?? 0, "signLatency": settings["sign_latency"] as? Double ?? 0,
            "singleRequestLatency": rounded(singleRequest), "levels": levels, "passed": allPassed,
        ]
        if let data = try? JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]) {
            print(String(decoding: data, as: UTF8.self))
        }
    }

    private func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
