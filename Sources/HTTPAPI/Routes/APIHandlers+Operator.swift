import AccountEngine
import Hummingbird

extension APIHandlers {
    /// PUT /v1/oidc/{issuer}/keys, a JWKS, with `Authorization: Bearer <operator token>`: registers
    /// the issuer's keys in the OIDC key registry (the operator push of a provider that is gone or
    /// unreachable). Without a configured token the route does not exist (404); a missing or wrong
    /// token is 401, checked before anything else; without a key registry an authorised call is
    /// 404 as well.
    func putOIDCKeys(_ request: Request, _ context: APIRequestContext) async throws(HTTPAPIError) -> Response {
        guard let token = settings.operatorToken else { throw .operatorRouteDisabled }
        guard let presented = Self.bearerToken(request), OperatorTokenCheck.matches(presented, expected: token) else {
            throw .unauthorized
        }
        guard let oidcKeys else { throw .operatorRouteDisabled }
        let issuer = try capture("issuer", context)
        let bytes = try await RequestBodyReader.json(request, limit: settings.maxJSONBytes)
        do {
            _ = try parser.parse(bytes)
        } catch {
            throw HTTPAPIError(error)
        }
        let imported = try await engineCall { () async throws(EngineError) in try await oidcKeys.importOperatorJWKS(bytes, issuer: issuer) }
        return APIResponse.json(imported)
    }

    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingSpaces()
    }
}

/// The operator token check: a comparison whose time depends only on the expected token's
/// length, so a token cannot be guessed byte by byte from response times.
public enum OperatorTokenCheck {
    public static func matches(_ presented: String, expected: String) -> Bool {
        let given = Array(presented.utf8)
        let wanted = Array(expected.utf8)
        var difference: UInt8 = given.count == wanted.count ? 0 : 1
        for index in wanted.indices {
            difference |= (index < given.count ? given[index] : 0) ^ wanted[index]
        }
        return difference == 0
    }
}
