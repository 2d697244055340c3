import AccountEngine
import CoreMetrics
import Prometheus
import Synchronization

/// chainmail's operational metrics, kept in one Prometheus registry that GET /metrics prints.
///
/// The handles are swift-metrics types made by a `PrometheusMetricsFactory` over this type's own
/// registry, so several instances (tests, several servers in one process) never clash and nothing
/// depends on the process-wide `MetricsSystem` bootstrap. `chainmail serve` makes one instance and
/// hands it to the mail pipeline (which counts every mail, however it came in), the IMAP poller,
/// the SMTP replier and the HTTP API.
public final class ChainmailMetrics: Sendable {
    static let executionsName = "chainmail_executions_total"
    static let mailOutcomesName = "chainmail_dkim_results_total"
    static let imapLagName = "chainmail_imap_lag_seconds"
    static let requestDurationName = "chainmail_http_request_duration_seconds"
    static let executionDurationName = "chainmail_execution_duration_seconds"
    static let smtpDeliveriesName = "chainmail_smtp_deliveries_total"
    static let broadcastsName = "chainmail_broadcasts_total"

    private let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory
    /// The last status each component reported (`recordComponent`).
    let readiness = Mutex<[ServiceComponent: ComponentStatus]>([:])

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[Self.requestDurationName] = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500),
            .seconds(5), .seconds(10),
        ]
        factory.durationHistogramBuckets[Self.executionDurationName] = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
            .seconds(30),
        ]
        self.factory = factory
    }

    /// One execution attempt through any way in: `method` is how the identity was proven
    /// (`evm`, `solana`, `near`, `webauthn`, `oidc`, `email`), `outcome` is `executed` or the
    /// refusal's code.
    private func recordExecution(method: String, outcome: String) {
        Counter(label: Self.executionsName, dimensions: [("method", method), ("outcome", outcome)], factory: factory).increment()
    }

    /// An execution of `args`: succeeded, or refused with `error`.
    public func recordExecution(_ args: ExecuteArgs, error: EngineError?) {
        recordExecution(method: Self.methodLabel(args.authIdentity.kind), outcome: error?.code ?? "executed")
    }

    /// What the mail pipeline made of one mail: `source` is how it came in (`imap`, `api`, `file`),
    /// `result` is `executed`, `awaiting_proofs` or the refusal's code (`dkim_*` for DKIM failures).
    /// A mail whose DKIM proof held (executed, or refused after) also counts as an execution by `email`.
    public func recordMailOutcome(source: String, result: String, senderProven: Bool) {
        Counter(label: Self.mailOutcomesName, dimensions: [("source", source), ("result", result)], factory: factory).increment()
        if senderProven {
            recordExecution(method: "email", outcome: result)
        }
    }

    /// How long one execution took in the engine (proof checks, signing, the commit), by `method` as
    /// in `recordExecution`.
    public func recordExecutionDuration(method: String, duration: Duration) {
        CoreMetrics.Timer(label: Self.executionDurationName, dimensions: [("method", method)], factory: factory)
            .recordNanoseconds(Self.nanoseconds(duration))
    }

    /// How long an execution of `args` took.
    public func recordExecutionDuration(_ args: ExecuteArgs, duration: Duration) {
        recordExecutionDuration(method: Self.methodLabel(args.authIdentity.kind), duration: duration)
    }

    /// One attempt of the SMTP replier at a queued reply: `result` is `sent`, `deferred` (a
    /// temporary failure, tried again later) or `abandoned`.
    public func recordSMTPDelivery(result: String) {
        Counter(label: Self.smtpDeliveriesName, dimensions: [("result", result)], factory: factory).increment()
    }

    /// A signed chain transaction that chainmail sent has ended (PROTOCOL.md section 8.4): `status`
    /// is `confirmed`, `reverted` or `failed`.
    public func recordBroadcastEnd(status: String) {
        Counter(label: Self.broadcastsName, dimensions: [("status", status)], factory: factory).increment()
    }

    /// How far the IMAP poller is behind, in seconds: the time since its previous successful round,
    /// set by the poller after each round.
    public func recordIMAPLag(seconds: Double) {
        Gauge(label: Self.imapLagName, factory: factory).record(seconds)
    }

    /// One HTTP request: `route` is the route template (`/v1/accounts/{accountId}`), never the raw
    /// path, so the label set stays bounded.
    public func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        CoreMetrics.Timer(
            label: Self.requestDurationName,
            dimensions: [("method", method), ("route", route), ("status", String(status))],
            factory: factory
        ).recordNanoseconds(Self.nanoseconds(duration))
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

    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}
