import Hummingbird

extension APIHandlers {
    /// With `http.readToken` set, refuses a request without that bearer token (compared in
    /// constant time) with 401 `read_token_required`; without it, lets every request through.
    func requireReadToken(_ request: Request) throws(HTTPAPIError) {
        guard let token = settings.readToken else { return }
        guard let presented = Self.bearerToken(request), OperatorTokenCheck.matches(presented, expected: token) else {
            throw .readTokenRequired
        }
    }
}
