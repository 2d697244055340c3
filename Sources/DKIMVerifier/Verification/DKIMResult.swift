/// A DKIM result in the words of RFC 8601 section 2.7.1.
public enum DKIMResult: String, Sendable, Codable, CaseIterable, Comparable {
    case pass
    case fail
    case neutral
    case policy
    case temperror
    case permerror
    case none

    /// How good a result is when picking a message's best signature: pass beats fail, which
    /// beats the results that say the signature could not be evaluated.
    var rank: Int {
        switch self {
        case .pass: 6
        case .fail: 5
        case .policy: 4
        case .neutral: 3
        case .temperror: 2
        case .permerror: 1
        case .none: 0
        }
    }

    public static func < (lhs: DKIMResult, rhs: DKIMResult) -> Bool { lhs.rank < rhs.rank }
}
