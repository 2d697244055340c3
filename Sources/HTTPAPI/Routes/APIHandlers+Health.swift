import AccountEngine
import ErrorCodes
import Hummingbird

extension APIHandlers {
    /// GET /healthz: 200 `{"status":"ok"}` when the account store and the mail ledger answer a
    /// read, 503 otherwise.
    func health() async -> Response {
        do {
            _ = try await engine.store.account(id: "healthz")
            _ = try await ledger.latestRejection(txHash: String(repeating: "0", count: 64))
            return APIResponse.json(.object(["status": .string("ok")]))
        } catch {
            return APIResponse.error(HTTPAPIError(.storeUnavailable, message: "the store is not reachable"), channel: nil)
        }
    }
}
