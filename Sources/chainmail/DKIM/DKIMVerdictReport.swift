import DKIMVerifier
import Foundation

/// How `chainmail dkim verify` prints a verdict.
struct DKIMVerdictReport: Encodable {
    struct Signature: Encodable {
        let d: String
        let s: String
        let a: String
        let result: DKIMResult
        let reason: String
        let code: String
        /// The finer cause under `code`, when there is one (a failed key look-up's: `dnssec_bogus`,
        /// `servfail`, `timeout`, …); absent otherwise.
        let cause: String?
    }

    let file: String
    let result: DKIMResult
    let signatures: [Signature]

    init(file: String, verdict: DKIMMessageVerdict) {
        self.file = file
        self.result = verdict.result
        self.signatures = verdict.signatures.map {
            Signature(
                d: $0.domain,
                s: $0.selector,
                a: $0.algorithm,
                result: $0.result,
                reason: $0.reason.message,
                code: $0.reason.code,
                cause: $0.reason.cause
            )
        }
    }

    var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    var text: String {
        var lines = ["\(file): \(result.rawValue)"]
        if signatures.isEmpty { lines.append("  no DKIM-Signature") }
        for signature in signatures {
            lines.append(
                "  d=\(signature.d) s=\(signature.s) a=\(signature.a): \(signature.result.rawValue) (\(signature.code): \(signature.reason))"
            )
        }
        return lines.joined(separator: "\n")
    }
}
