/// One row of `account_nonces`, as `SQLiteImport`'s check compares them.
struct NonceRow: Sendable, Hashable {
    let accountId: String
    let nextNonce: Int64

    /// The first place two pages (each in account id order) differ, told for people, or nil.
    static func firstDifference(_ source: [NonceRow], _ target: [NonceRow]) -> String? {
        for index in 0..<max(source.count, target.count) {
            let inSource = index < source.count ? source[index] : nil
            let inTarget = index < target.count ? target[index] : nil
            if inSource == inTarget { continue }
            switch (inSource, inTarget) {
            case (let inSource?, let inTarget?) where inSource.accountId == inTarget.accountId:
                return "account \(inSource.accountId) has next nonce \(inSource.nextNonce) in SQLite, \(inTarget.nextNonce) in PostgreSQL"
            case (let inSource?, let inTarget?):
                return inSource.accountId < inTarget.accountId
                    ? "account \(inSource.accountId) (next nonce \(inSource.nextNonce)) is missing in PostgreSQL"
                    : "account \(inTarget.accountId) is in PostgreSQL but not in SQLite"
            case (let inSource?, nil):
                return "account \(inSource.accountId) (next nonce \(inSource.nextNonce)) is missing in PostgreSQL"
            case (nil, let inTarget?):
                return "account \(inTarget.accountId) is in PostgreSQL but not in SQLite"
            case (nil, nil):
                continue
            }
        }
        return nil
    }
}
