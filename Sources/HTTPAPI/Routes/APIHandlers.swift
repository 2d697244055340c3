import AccountEngine
import ChainmailMetrics
import ErrorCodes
import Foundation
import Hummingbird
import MailIngest

/// The route handlers of section 7 over one engine, one mail pipeline and one ledger: the same
/// execute path every other way in uses.
struct APIHandlers: Sendable {
    let settings: HTTPAPISettings
    let engine: AccountEngine
    let pipeline: MailPipeline
    let ledger: any MailLedger
    let oidcKeys: (any OIDCOperatorKeys)?
    let metrics: ChainmailMetrics
    let parser: StrictJSONParser
    /// The components besides the store and the signer whose reported status GET /readyz includes:
    /// those `chainmail serve` runs (IMAP, SMTP, DNS).
    let readinessComponents: Set<ServiceComponent>
    /// When the handlers were made: a component that has not reported is "starting" since then.
    let startedAt = Date()
    /// The per-client limits of the POST routes.
    let limits: ClientLimits
    /// `http.trustedProxies`.
    let trustedProxies: Set<String>

    init(
        settings: HTTPAPISettings,
        engine: AccountEngine,
        pipeline: MailPipeline,
        ledger: any MailLedger,
        oidcKeys: (any OIDCOperatorKeys)?,
        readinessComponents: Set<ServiceComponent> = []
    ) {
        self.settings = settings
        self.engine = engine
        self.pipeline = pipeline
        self.ledger = ledger
        self.oidcKeys = oidcKeys
        self.metrics = pipeline.metrics
        self.parser = StrictJSONParser(maxBytes: settings.maxJSONBytes)
        self.readinessComponents = readinessComponents
        self.limits = ClientLimits(settings: settings)
        self.trustedProxies = Set(settings.trustedProxies)
    }

    func respond(to route: APIRoute, request: Request, context: APIRequestContext) async throws(HTTPAPIError) -> Response {
        let client = ClientAddress(peer: context.channel.remoteAddress, headers: request.headers, trustedProxies: trustedProxies)
        if route.method == .post { try limits.admitRequest(from: client) }
        if route.revealsIdentities { try requireReadToken(request) }
        switch route {
        case .createAccount:
            return try await limits.creatingAccount(for: client) { () async throws(HTTPAPIError) in try await createAccount(request) }
        case .prepareTransaction:
            return try await limits.preparingTransaction(for: client) { () async throws(HTTPAPIError) in try await prepareTransaction(request) }
        default:
            return try await respondWithoutQuota(to: route, request: request, context: context)
        }
    }

    private func respondWithoutQuota(to route: APIRoute, request: Request, context: APIRequestContext) async throws(HTTPAPIError) -> Response {
        switch route {
        case .createAccount: try await createAccount(request)
        case .getAccount: try await getAccount(context)
        case .findAccounts: try await findAccounts(request)
        case .execute: try await execute(request)
        case .prepareTransaction: try await prepareTransaction(request)
        case .getTransaction: try await getTransaction(context)
        case .addProof: try await addProof(request, context)
        case .postEmail: try await postEmail(request)
        case .derive: try await derive(request)
        case .signNearTransaction: try await signNearTransaction(request)
        case .health: await health()
        case .readiness: await readiness()
        case .metrics: APIResponse.bytes(metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        case .putOIDCKeys: try await putOIDCKeys(request, context)
        }
    }

    /// A JSON body, read within the limit and parsed by the engine's strict parser.
    func jsonBody(_ request: Request) async throws(HTTPAPIError) -> JSONValue {
        let bytes = try await RequestBodyReader.json(request, limit: settings.maxJSONBytes)
        do {
            return try parser.parse(bytes)
        } catch {
            throw HTTPAPIError(error)
        }
    }

    /// An identity given as JSON in a query parameter. Text over the engine's 8 KiB limit is a
    /// malformed query (400), not a body too large.
    func identity(fromQuery text: String) throws(HTTPAPIError) -> AuthIdentity {
        do {
            return try AuthIdentity(jsonText: text)
        } catch  where error.category == .tooLarge {
            throw .invalidRequest("the identity parameter is longer than the 8192-byte limit")
        } catch {
            throw HTTPAPIError(error)
        }
    }

    func capture(_ name: String, _ context: APIRequestContext) throws(HTTPAPIError) -> String {
        guard let value = context.parameters.get(name) else { throw .invalidRequest("missing path parameter \(name)") }
        return try PathSegment.decode(value)
    }
}

/// Runs an engine call, answering its refusal with the engine's code and status.
func engineCall<T>(_ body: () async throws(EngineError) -> T) async throws(HTTPAPIError) -> T {
    do {
        return try await body()
    } catch {
        throw HTTPAPIError(error)
    }
}
