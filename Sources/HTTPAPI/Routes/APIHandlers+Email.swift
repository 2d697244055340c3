import AccountEngine
import Hummingbird
import MailIngest

extension APIHandlers {
    /// POST /v1/email, the raw message as `message/rfc822`: the mail pipeline of section 5, as
    /// for mail from the mailbox. Executed → 200 `{"status":"executed", …the result of section 4}`;
    /// kept awaiting other proofs → 202 `{"txHash","status":"awaiting_proofs","missing"}`; committed
    /// and signing through a remote signer → 202 `{"txHash","status":"signing"}` (the mail's reply
    /// follows its end); refused → the error shape with the refusal's code and its status.
    func postEmail(_ request: Request) async throws(HTTPAPIError) -> Response {
        let raw = try await RequestBodyReader.email(request, limit: settings.maxEmailBytes)
        let outcome: MailOutcome
        do {
            outcome = try await pipeline.process(raw, source: .api)
        } catch {
            throw Self.dependencyError(error)
        }
        if let rejection = outcome.rejection {
            throw HTTPAPIError(rejection.code, message: rejection.message)
        }
        if let awaiting = outcome.awaiting { return APIResponse.json(awaiting.json, status: .accepted) }
        if outcome.status == .signing, let txHash = outcome.txHash {
            return APIResponse.json(.object(["txHash": .string(txHash), "status": .string("signing")]), status: .accepted)
        }
        var members = [JSONObject.Member(key: "status", value: .string(outcome.status.rawValue))]
        members += outcome.result?.objectValue?.members ?? [JSONObject.Member(key: "txHash", value: outcome.txHash.map { .string($0) } ?? .null)]
        return APIResponse.json(.object(JSONObject(members)))
    }
}
