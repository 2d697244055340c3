/// Where a broadcast is (PROTOCOL.md section 7, `broadcasts`): `pending` until a node took it,
/// `submitted` until its receipt, then `confirmed` or `reverted`; `failed` when a node refused it
/// for good or never answered within the broadcaster's limit. The last three are final.
public enum BroadcastStatus: String, Sendable, Hashable, CaseIterable {
    case pending
    case submitted
    case confirmed
    case reverted
    case failed

    public var isFinal: Bool {
        switch self {
        case .pending, .submitted: false
        case .confirmed, .reverted, .failed: true
        }
    }
}
