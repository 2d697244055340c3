import ChainmailMetrics
import DKIMVerifier

/// The pipeline's key resolver, reporting what each look-up taught about DNS to GET /readyz and
/// the `chainmail_component_ready{component="dns"}` gauge: not ready after a temporary failure,
/// ready after any answer (a key, NXDOMAIN, no data).
struct DNSReadinessResolver: KeyResolver {
    let resolver: any KeyResolver
    let metrics: ChainmailMetrics

    nonisolated(nonsending) func lookupTXT(_ name: String) async -> TXTLookupResult {
        let result = await resolver.lookupTXT(name)
        if case .temporaryFailure(let detail) = result {
            metrics.recordComponent(.dns, ready: false, detail: "the DKIM key look-up for \(name) failed temporarily: \(detail)")
        } else {
            metrics.recordComponent(.dns, ready: true)
        }
        return result
    }
}
