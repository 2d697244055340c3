import AccountEngine
import ChainmailMetrics
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import MailIngest
import NIOCore

/// The HTTP API of PROTOCOL.md section 7 as a Hummingbird application, which is a
/// swift-service-lifecycle `Service`: run it in the `ServiceGroup` of `chainmail serve` beside the
/// IMAP poller, and a graceful shutdown stops accepting connections, lets requests in progress
/// finish, then returns.
///
/// - Parameters:
///   - settings: validated here; an invalid setting throws `invalid_settings`.
///   - engine: the one execute path (the same instance the mail pipeline uses).
///   - pipeline: runs POST /v1/email exactly as mail from the mailbox; GET /metrics prints its
///     registry (`pipeline.metrics`), so mail from every way in and the API's own counts are one.
///   - ledger: the mail ledger (prepared transactions and refusals).
///   - oidcKeys: the OIDC key registry that PUT /v1/oidc/{issuer}/keys pushes to; nil answers 503 there.
///   - readinessComponents: the components besides the store and the signer that GET /readyz
///     reports, as their users record them in `pipeline.metrics` (those this process runs: IMAP, SMTP, DNS).
///   - logger: request logs go here (one line a request, at info; 5xx at error).
///   - onServerRunning: called with the bound port once listening (useful with port 0).
public func makeHTTPApplication(
    settings: HTTPAPISettings,
    engine: AccountEngine,
    pipeline: MailPipeline,
    ledger: any MailLedger,
    oidcKeys: (any OIDCOperatorKeys)? = nil,
    readinessComponents: Set<ServiceComponent> = [],
    logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws(HTTPAPIError) -> some ApplicationProtocol {
    try settings.validate()
    let handlers = APIHandlers(
        settings: settings,
        engine: engine,
        pipeline: pipeline,
        ledger: ledger,
        oidcKeys: oidcKeys,
        readinessComponents: readinessComponents
    )
    let router = Router(context: APIRequestContext.self)
    router.add(middleware: APIMiddleware(metrics: pipeline.metrics))
    for route in APIRoute.allCases {
        router.on(RouterPath(route.path), method: route.method) { request, context async throws -> Response in
            try await handlers.respond(to: route, request: request, context: context)
        }
    }
    return Application(
        router: router,
        server: .http1(configuration: HTTP1Channel.Configuration(idleTimeout: .seconds(Int64(settings.idleTimeoutSeconds)))),
        configuration: ApplicationConfiguration(
            address: .hostname(settings.host, port: settings.port),
            serverName: nil,
            // A burst of connections beyond the accept queue leaves clients that believe they are
            // connected while the kernel drops their handshake's last ACK; they wait on SYN-ACK
            // retransmissions for up to a minute. Linux caps this at net.core.somaxconn (4096 by default).
            backlog: 4096,
            reuseAddress: true
        ),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? settings.port) },
        logger: logger
    )
}
