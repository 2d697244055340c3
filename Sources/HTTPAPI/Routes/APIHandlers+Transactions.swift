import AccountEngine
import ChainSigner
import ChainTransactions
import Hummingbird
import MailIngest

extension APIHandlers {
    /// POST /v1/transactions `{"transaction"}` → 201 `{"txHash","summary","email":{"to","subject","body"},"mailto"}`:
    /// the transaction is checked, kept under its txHash by the engine (for approval by mail or by
    /// proofs posted later), and the approval email is composed. Preparing the same transaction
    /// again answers the same.
    func prepareTransaction(_ request: Request) async throws(HTTPAPIError) -> Response {
        var body = try JSONObjectReader(try await jsonBody(request), context: "prepare request", error: HTTPAPIError.invalidRequest)
        let transactionJSON = try body.required("transaction")
        try body.finish()
        let signed = try await engineCall { () async throws(EngineError) in
            // Nonce and fees left out of an EVMTransaction are filled in from the chain, before hashing.
            let signed = try SignedTransaction(json: try await engine.fillingIn(transactionJSON))
            _ = try await engine.prepare(signed)
            return signed
        }
        let summary = TransactionSummary.lines(for: signed.transaction, chains: engine.chains)
        let email = ApprovalEmail(transaction: signed, summary: summary, instructions: instructions)
        return APIResponse.json(
            .object([
                "txHash": .string(signed.txHashHex), "summary": .array(summary.map(JSONValue.string)), "email": email.json,
                "mailto": .string(email.mailto),
            ]),
            status: .created
        )
    }

    /// POST /v1/transactions/{txHash}/proofs PROOF → 202 `{"txHash","status","missing"}` while the
    /// kept transaction still awaits proofs, 200 the result of section 4 when this one completes it.
    func addProof(_ request: Request, _ context: APIRequestContext) async throws(HTTPAPIError) -> Response {
        guard let txHash = Self.txHash(try capture("txHash", context)) else { throw .invalidTxHash() }
        let json = try await jsonBody(request)
        let outcome = try await engineCall { () async throws(EngineError) in
            try await engine.addProof(try ApprovalProof(json: json), toTransaction: txHash)
        }
        return APIResponse.outcome(outcome)
    }

    /// GET /v1/transactions/{txHash} → `{"txHash","status","summary"?,"result"?,"error"?,"missing"?,"broadcasts"?}`: a
    /// committed transaction first (executed with the result answered then, `signing`, or `failed`
    /// with its reason), before rejected (the latest refusal of a mail from a sender on the
    /// account) before awaiting_proofs (with what is missing) before prepared.
    func getTransaction(_ context: APIRequestContext) async throws(HTTPAPIError) -> Response {
        guard let txHash = Self.txHash(try capture("txHash", context)) else { throw .invalidTxHash() }
        if let record = try await engineCall({ () async throws(EngineError) in try await engine.transactionRecord(txHash: txHash) }) {
            let broadcasts = try await engineCall { () async throws(EngineError) in try await engine.broadcasts(txHash: txHash) }
            return APIResponse.json(try Self.json(record, summary: summary(ofJSON: record.transactionJSON), broadcasts: broadcasts))
        }
        do {
            if let rejection = try await ledger.latestRejection(txHash: txHash) {
                return APIResponse.json(
                    .object([
                        "txHash": .string(txHash), "status": .string("rejected"),
                        "error": .object(["code": .string(rejection.code), "message": .string(rejection.message)]),
                    ])
                )
            }
        } catch {
            throw Self.dependencyError(error)
        }
        if let pending = try await engineCall({ () async throws(EngineError) in try await engine.pendingTransaction(txHash: txHash) }) {
            let awaiting = try await engineCall { () async throws(EngineError) in try await engine.awaitedProofs(txHash: txHash) }
            var members =
                awaiting?.json.objectValue?.members ?? [
                    .init(key: "txHash", value: .string(txHash)), .init(key: "status", value: .string("prepared")),
                ]
            if let summary = summary(ofJSON: pending.transactionJSON) { members.append(.init(key: "summary", value: summary)) }
            return APIResponse.json(.object(JSONObject(members)))
        }
        throw .transactionNotFound(txHash)
    }

    /// A committed transaction as GET /v1/transactions/{txHash} tells it.
    private static func json(_ record: TransactionRecord, summary: JSONValue?, broadcasts: [Broadcast]) throws(HTTPAPIError) -> JSONValue {
        var members = [JSONObject.Member(key: "txHash", value: .string(record.txHash)), .init(key: "status", value: .string(record.status.rawValue))]
        if let summary { members.append(.init(key: "summary", value: summary)) }
        switch record.status {
        case .executed:
            do {
                members.append(.init(key: "result", value: try StrictJSONParser(maxBytes: 1 << 20, maxDepth: 64).parse(record.resultJSON ?? "")))
            } catch {
                throw .dependencyUnavailable("the stored result of \(record.txHash) cannot be read")
            }
        case .signing:
            break
        case .failed:
            if let error = record.error?.json["error"] { members.append(.init(key: "error", value: error)) }
        }
        if !broadcasts.isEmpty { members.append(.init(key: "broadcasts", value: .array(broadcasts.map(\.json)))) }
        return .object(JSONObject(members))
    }

    /// The summary lines (PROTOCOL.md section 8.3) of a transaction kept as JSON.
    private func summary(ofJSON text: String?) -> JSONValue? {
        guard let text, let signed = try? SignedTransaction(jsonText: text) else { return nil }
        return .array(TransactionSummary.lines(for: signed.transaction, chains: engine.chains).map(JSONValue.string))
    }

    /// How each identity approves, in the words of the approval email and the mail replies.
    var instructions: ApprovalInstructions {
        ApprovalInstructions(serviceId: engine.serviceId, serviceAddress: settings.serviceMailbox)
    }

    /// `text` when it is 64 hex digits, lowercased (the form txHashes are kept in); nil otherwise.
    private static func txHash(_ text: String) -> String? {
        guard text.utf8.count == 64, [UInt8](hex: text) != nil else { return nil }
        return text.lowercased()
    }

    /// A failure of the ledger or the store: the engine's 503 when it is one, else `dependency_unavailable`.
    static func dependencyError(_ error: any Error) -> HTTPAPIError {
        if let engineError = error as? EngineError { return HTTPAPIError(engineError) }
        return .dependencyUnavailable("the store did not answer; retry later")
    }
}
