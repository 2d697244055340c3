import ErrorCodes

extension ErrorCategory {
    /// The status PROTOCOL.md section 7 answers for this category. Only the HTTP API maps
    /// categories to statuses, and the switch is exhaustive: a new category must be given one.
    public var httpStatus: Int {
        switch self {
        case .awaitingProofs: 202
        case .malformed: 400
        case .unproven: 401
        case .notFound: 404
        case .methodNotAllowed: 405
        case .conflict: 409
        case .tooLarge: 413
        case .unsupportedMediaType: 415
        case .refused: 422
        case .internal: 500
        case .unavailable: 503
        case .tooManyRequests: 429
        }
    }
}
