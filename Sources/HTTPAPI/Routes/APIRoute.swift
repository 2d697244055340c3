import HTTPTypes

/// Every route of PROTOCOL.md section 7. The router is built from this list and the test that
/// holds openapi.yaml to the router reads it, so the document and the server cannot drift apart.
public enum APIRoute: String, CaseIterable, Sendable {
    case createAccount
    case getAccount
    case findAccounts
    case execute
    case prepareTransaction
    case getTransaction
    case addProof
    case postEmail
    case derive
    case signNearTransaction
    case health
    case readiness
    case metrics
    case putOIDCKeys

    public var method: HTTPRequest.Method {
        switch self {
        case .createAccount, .execute, .prepareTransaction, .addProof, .postEmail, .signNearTransaction: .post
        case .getAccount, .findAccounts, .getTransaction, .derive, .health, .readiness, .metrics: .get
        case .putOIDCKeys: .put
        }
    }

    /// The path template, written as OpenAPI writes it (Hummingbird reads `{name}` as a capture).
    public var path: String {
        switch self {
        case .createAccount, .findAccounts: "/v1/accounts"
        case .getAccount: "/v1/accounts/{accountId}"
        case .execute: "/v1/execute"
        case .prepareTransaction: "/v1/transactions"
        case .getTransaction: "/v1/transactions/{txHash}"
        case .addProof: "/v1/transactions/{txHash}/proofs"
        case .postEmail: "/v1/email"
        case .derive: "/v1/derive"
        case .signNearTransaction: "/sign-near-transaction"
        case .health: "/healthz"
        case .readiness: "/readyz"
        case .metrics: "/metrics"
        case .putOIDCKeys: "/v1/oidc/{issuer}/keys"
        }
    }

    /// Routes whose answers name the identities on accounts (every email, key and login of an
    /// account, or which accounts hold an identity): with `http.readToken` set they need it as a
    /// bearer token. GET /v1/transactions/{txHash} is not one: it needs the txHash, which only the
    /// parties to the transaction know.
    public var revealsIdentities: Bool {
        switch self {
        case .getAccount, .findAccounts: true
        default: false
        }
    }

    /// The methods served under the template that matches `path`, for a 405's Allow header.
    static func methods(matching path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        let matching = allCases.filter { route in
            let template = route.path.split(separator: "/", omittingEmptySubsequences: true)
            return template.count == segments.count
                && zip(template, segments).allSatisfy { templateSegment, segment in
                    templateSegment.first == "{" || templateSegment == segment
                }
        }
        return Array(Set(matching.map(\.method.rawValue))).sorted()
    }
}
