import Foundation

/// The figures as BENCHMARKS.md shows them: a Markdown table of the pipeline and its parts (µs
/// each, per second), the overhead, and a one-line verdict.
struct MailBenchmarkReport {
    let mails: Int
    let rounds: Int
    let meanBytes: Int
    /// Seconds per mail.
    let each: Totals
    let pipelineRoundRates: [Double]

    func print() {
        let overhead = each.pipeline / each.parts - 1
        // The mails of a run all name one path, so the pipeline's signer derives it once per round
        // and reads it from its cache for every later mail: against the parts without the
        // derivation is the overhead a run of one path really carries.
        let partsWithoutDerivation = each.parts - each.derive
        let overheadCachedPath = each.pipeline / partsWithoutDerivation - 1
        let rates = pipelineRoundRates.map { String(format: "%.0f", $0) }.joined(separator: ", ")

        Swift.print("")
        Swift.print("- mails: \(mails), mean \(meanBytes) bytes, one account, nonces in order, every one executed in every round")
        Swift.print("- pipeline per round (mails/s): \(rates)")
        Swift.print("")
        Swift.print("| in process, one core, \(mails) mails × \(rounds) rounds | µs each | per second |")
        Swift.print("|---|---:|---:|")
        row("the whole pipeline (`MailPipeline.process` as `replay` sets it up)", each.pipeline)
        row("part: DKIM verification (parse, body hash, rsa-sha256 2048-bit)", each.dkim)
        row("part: NEAR key derivation of the path (SHA3 tweak, tweak·G), uncached", each.derive)
        row("part: secp256k1 sign (LocalSigner, path cached)", each.sign)
        row("part: SQLite write transaction (the pipeline's commit, reply included)", each.commit)
        row("parts together", each.parts)
        row("parts without the derivation (what each later mail of a path needs)", partsWithoutDerivation)
        Swift.print("| **pipeline overhead over the parts** (pipeline / parts − 1) | **\(percent(overhead))** | |")
        Swift.print("")
        Swift.print(
            "verdict: the pipeline takes \(String(format: "%.1f", each.pipeline * 1e6)) µs a mail against "
                + "\(String(format: "%.1f", each.parts * 1e6)) µs for its parts alone: \(percent(overhead)) overhead, "
                + "\(String(format: "%.2f", each.parts / each.pipeline)) of the parts' rate "
                + "(\(percent(overheadCachedPath)) over the parts without the derivation, which a run of one path pays once)"
        )
    }

    private func percent(_ fraction: Double) -> String {
        String(format: "%.1f %%", fraction * 100)
    }

    private func row(_ name: String, _ seconds: Double) {
        Swift.print("| \(name) | \(String(format: "%.1f", seconds * 1e6)) | \(grouped(1 / seconds)) |")
    }

    private func grouped(_ value: Double) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = 0
        formatter.locale = Locale(identifier: "en_US")
        return formatter.string(from: NSNumber(value: value)) ?? String(format: "%.0f", value)
    }
}
