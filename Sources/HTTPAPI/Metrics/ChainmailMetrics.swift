import AccountEngine
import CoreMetrics
import MailIngest
import Prometheus

/// chainmail's operational metrics, kept in one Prometheus registry that GET /metrics prints.
///
/// The handles are swift-metrics types made by a `PrometheusMetricsFactory` over this type's own
/// registry, so several instances (tests, several servers in one process) never clash and nothing
/// depends on the process-wide `MetricsSystem` bootstrap. `chainmail serve` makes one instance and
/// hands it to the HTTP API and to the IMAP poller's outcome handler.
public final class ChainmailMetrics: Sendable {
    public static let executionsName = "chainmail_executions_total"
    public static let mailOutcomesName = "chainmail_dkim_results_total"
    public static let imapLagName = "chainmail_imap_lag_seconds"
    public static let requestDurationName = "chainmail_http_request_duration_seconds"

    public let registry: PrometheusCollectorRegistry
    public let factory: PrometheusMetricsFactory

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[Self.requestDurationName] = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500),
            .seconds(5), .seconds(10),
        ]
        self.factory = factory
    }

    /// One execution attempt through any way in: `method` is how the identity was proven
    /// (`evm`, `solana`, `near`, `webauthn`, `oidc`, `email`), `outcome` is `executed` or the
    /// refusal's code.
    public func recordExecution(method: String, outcome: String) {
        Counter(label: Self.executionsName, dimensions: [("method", method), ("outcome", outcome)], factory: factory).increment()
    }

    /// An execution of `args`: succeeded, or refused with `error`.
    public func recordExecution(_ args: ExecuteArgs, error: EngineError?) {
        recordExecution(method: Self.methodLabel(args.authIdentity.kind), outcome: error?.code ?? "executed")
    }

    /// What the mail pipeline made of one mail (from IMAP, POST /v1/email or a replay): `result`
    /// is `executed` or the refusal's code (`dkim_*` for DKIM failures). An executed mail also
    /// counts as an execution by `email`, and so does a mail refused after its DKIM proof held.
    public func recordMailOutcome(_ outcome: MailOutcome, source: MailSource) {
        let result = outcome.rejection?.code ?? "executed"
        Counter(label: Self.mailOutcomesName, dimensions: [("source", Self.sourceLabel(source)), ("result", result)], factory: factory)
            .increment()
        if outcome.status == .executed || outcome.rejection?.senderProven == true {
            recordExecution(method: "email", outcome: result)
        }
    }

    /// How far the IMAP poller is behind: the age of the oldest mail not yet handled, or the time
    /// since the last successful poll, in seconds. The poller sets it after each round.
    public func recordIMAPLag(seconds: Double) {
        Gauge(label: Self.imapLagName, factory: factory).record(seconds)
    }

    /// One HTTP request: `route` is the route template (`/v1/accounts/{accountId}`), never the raw
    /// path, so the label set stays bounded.
    public func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        let nanoseconds = duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
        CoreMetrics.Timer(
            label: Self.requestDurationName,
            dimensions: [("method", method), ("route", route), ("status", String(status))],
            factory: factory
        ).recordNanoseconds(nanoseconds)
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(8 * 1024)
        registry.emit(into: &buffer)
        return buffer
    }

    static func methodLabel(_ kind: IdentityKind) -> String {
        switch kind {
        case .evm: "evm"
        case .solana: "solana"
        case .near: "near"
        case .webAuthn: "webauthn"
        case .oidc: "oidc"
        case .account: "account"
        }
    }

    static func sourceLabel(_ source: MailSource) -> String {
        switch source {
        case .imap: "imap"
        case .api: "api"
        case .file: "file"
        }
    }
}
