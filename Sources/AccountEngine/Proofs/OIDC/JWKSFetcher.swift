import AsyncHTTPClient
import Foundation
import NIOCore

/// Fetches an issuer's JWKS over HTTP with a time limit and a size limit.
struct JWKSFetcher: Sendable {
    static let timeout: TimeAmount = .seconds(10)

    let client: HTTPClient

    func fetch(_ url: String) async throws(EngineError) -> [UInt8] {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/jwk-set+json, application/json")
        do {
            let response = try await client.execute(request, timeout: Self.timeout)
            guard response.status == .ok else {
                throw EngineError.oidcKeysUnavailable("GET \(url) answered \(response.status.code)")
            }
            let body = try await response.body.collect(upTo: OIDCKeySet.maxBytes)
            return Array(body.readableBytesView)
        } catch let error as EngineError {
            throw error
        } catch {
            throw .oidcKeysUnavailable("GET \(url) failed: \(error)")
        }
    }
}
