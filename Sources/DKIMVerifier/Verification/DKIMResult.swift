/// A DKIM result in the words of RFC 8601 section 2.7.1.
public enum DKIMResult: String, Sendable, Codable, CaseIterable, Comparable {
    case pass
    case fail
    case neutral
    case policy
    case temperror
    case permerror
    case none

    /// How good a result is when picking a message's best signature. `policy` (verified, but
    /// not acceptable) ranks above `fail`, so a message whose only good signature is weak reads
    /// `policy` rather than the `fail` of some other signature.
    var rank: Int {
        switch self {
        case .pass: 6
        case .policy: 5
        case .fail: 4
        case .neutral: 3
        case .temperror: 2
        case .permerror: 1
        case .none: 0
        }
    }

    public static func < (lhs: DKIMResult, rhs: DKIMResult) -> Bool { lhs.rank < rhs.rank }
}
