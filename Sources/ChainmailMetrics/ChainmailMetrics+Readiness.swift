import CoreMetrics
import Foundation

extension ChainmailMetrics {
    static let componentReadyName = "chainmail_component_ready"

    /// What a component's user just learnt about it (the IMAP poller after a login or a failed one,
    /// the SMTP replier after a send, the mail pipeline after a DKIM key look-up): kept for GET
    /// /readyz and exported as the gauge `chainmail_component_ready{component}` (1 or 0).
    public func recordComponent(_ component: ServiceComponent, ready: Bool, detail: String = "") {
        readiness.withLock { statuses in
            let now = Date()
            let since = statuses[component].flatMap { $0.ready == ready ? $0.since : nil } ?? now
            statuses[component] = ComponentStatus(ready: ready, detail: ready ? "" : detail, reportedAt: now, since: since)
        }
        Gauge(label: Self.componentReadyName, dimensions: [("component", component.rawValue)], factory: factory)
            .record(ready ? 1 : 0)
    }

    /// The last status reported by each component that reported one.
    public func componentStatuses() -> [ServiceComponent: ComponentStatus] {
        readiness.withLock { $0 }
    }
}
