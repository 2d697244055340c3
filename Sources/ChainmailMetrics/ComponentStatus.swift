import Foundation

/// The last thing a component's user learnt about it: whether it worked, and in words why not.
public struct ComponentStatus: Sendable, Hashable {
    public var ready: Bool
    /// Empty when ready; otherwise the cause, for an operator (`connection refused by 127.0.0.1:993`).
    public var detail: String
    /// When this status was reported.
    public var reportedAt: Date
    /// Since when the component has been ready (or not ready) without a break: the first report
    /// of the current state.
    public var since: Date

    public init(ready: Bool, detail: String = "", reportedAt: Date = Date(), since: Date? = nil) {
        self.ready = ready
        self.detail = detail
        self.reportedAt = reportedAt
        self.since = since ?? reportedAt
    }
}
