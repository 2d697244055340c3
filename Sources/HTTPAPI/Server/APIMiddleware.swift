import AccountEngine
import ChainmailMetrics
import ErrorCodes
import Hummingbird
import Logging

/// The outermost layer of every route: turns every failure into the error shape of section 7,
/// then logs the request (method, path without its query, status, duration; never a body, a
/// query or a header value) and records its latency.
struct APIMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let metrics: ChainmailMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = APIResponse.error(Self.apiError(error, request: request, context: context), channel: context.channel)
        }
        let duration = ContinuousClock.now - start
        let route = context.endpointPath.flatMap { $0 == "NotFound" ? nil : $0 } ?? "unmatched"
        let status = response.status.code
        metrics.recordRequest(method: request.method.rawValue, route: route, status: status, duration: duration)
        context.logger.log(
            level: status >= 500 ? .error : .info,
            "request",
            metadata: [
                "http.method": .string(request.method.rawValue),
                "http.path": .string(quoted(request.uri.path, limit: 200)),
                "http.route": .string(route),
                "http.status": .stringConvertible(status),
                "duration_ms": .string(duration.loggedMilliseconds),
            ]
        )
        return response
    }

    static func apiError(_ error: any Error, request: Request, context: Context) -> HTTPAPIError {
        switch error {
        case let error as HTTPAPIError:
            return error
        case let error as HTTPError where error.status == .notFound:
            let allowed = APIRoute.methods(matching: request.uri.path)
            return allowed.isEmpty ? .routeNotFound(request.uri.path) : .methodNotAllowed(request.method.rawValue, allowed: allowed)
        case let error as HTTPError where error.status == .contentTooLarge:
            return .tooLarge(limit: 0)
        case let error as HTTPError where (400..<500).contains(error.status.code):
            return HTTPAPIError(.invalidRequest, message: error.body ?? error.status.reasonPhrase)
        default:
            context.logger.error("unexpected failure", metadata: ["error.type": .string(String(describing: type(of: error)))])
            return .unexpected
        }
    }
}
