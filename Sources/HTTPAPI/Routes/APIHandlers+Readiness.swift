import AccountEngine
import ChainmailMetrics
import Foundation
import Hummingbird

extension APIHandlers {
    /// GET /readyz, the readiness check: 200 `{"status":"ready","components":{…}}` when every
    /// configured component is ready, 503 `{"status":"not_ready",…}` otherwise. The store and the
    /// signer are checked now (a read; the signer's own check: its root key, or for near-mpc a final
    /// block from the NEAR RPC); IMAP, SMTP and DNS are what their users
    /// last reported (`ChainmailMetrics.recordComponent`). A configured component that has not
    /// reported yet is not ready, with the detail `starting`.
    func readiness() async -> Response {
        var statuses: [ServiceComponent: ComponentStatus] = [:]
        statuses[.store] =
            await storeAnswers() ? ComponentStatus(ready: true) : ComponentStatus(ready: false, detail: "the store did not answer a read")
        do {
            try await engine.signer.checkReadiness()
            statuses[.signer] = ComponentStatus(ready: true)
        } catch {
            statuses[.signer] = ComponentStatus(ready: false, detail: "the signer cannot sign now: \(error)")
        }
        let reported = metrics.componentStatuses()
        for component in readinessComponents where component != .store && component != .signer {
            statuses[component] =
                reported[component] ?? ComponentStatus(ready: false, detail: "starting", reportedAt: startedAt, since: startedAt)
        }
        var components: [JSONObject.Member] = []
        for component in ServiceComponent.allCases {
            guard let status = statuses[component] else { continue }
            var entry = [JSONObject.Member(key: "ready", value: .bool(status.ready))]
            if !status.ready {
                // A live check has no history: failing now, it is failing since now.
                entry.append(JSONObject.Member(key: "detail", value: .string(status.detail)))
                entry.append(JSONObject.Member(key: "since", value: .string(Self.timestamp(status.since))))
            }
            components.append(JSONObject.Member(key: component.rawValue, value: .object(JSONObject(entry))))
        }
        let ready = statuses.values.allSatisfy(\.ready)
        return APIResponse.json(
            .object(["status": .string(ready ? "ready" : "not_ready"), "components": .object(JSONObject(components))]),
            status: ready ? .ok : .serviceUnavailable
        )
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
