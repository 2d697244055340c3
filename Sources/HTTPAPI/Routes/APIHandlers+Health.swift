import AccountEngine
import ChainmailMetrics
import ErrorCodes
import Foundation
import Hummingbird

extension APIHandlers {
    /// GET /healthz, the liveness check: 200 `{"status":"ok"}` when the process answers and the
    /// account store and the mail ledger answer a read, 503 otherwise. It says nothing of IMAP,
    /// SMTP or DNS: a process that cannot log in to IMAP is alive, and restarting it would not help.
    func health() async -> Response {
        if await storeAnswers() {
            return APIResponse.json(.object(["status": .string("ok")]))
        }
        return APIResponse.error(HTTPAPIError(.storeUnavailable, message: "the store is not reachable"), channel: nil)
    }

    /// The account store and the mail ledger answer a read.
    func storeAnswers() async -> Bool {
        do {
            _ = try await engine.store.account(id: "healthz")
            _ = try await ledger.latestRejection(txHash: String(repeating: "0", count: 64))
            return true
        } catch {
            return false
        }
    }
}
