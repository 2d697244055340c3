import Hummingbird

/// Checks the Content-Type of a request against the one media type a route takes.
enum MediaTypeCheck {
    /// `parametersAllowed` maps a parameter name to the one value (lowercase) it may have.
    static func require(_ request: Request, type: String, subtype: String, parametersAllowed: [String: String]) throws(HTTPAPIError) {
        let expected = "\(type)/\(subtype)"
        guard let header = request.headers[.contentType] else { throw .unsupportedMediaType(expected: expected) }
        let parts = header.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
        guard parts[0].lowercased() == expected else { throw .unsupportedMediaType(expected: expected) }
        for parameter in parts.dropFirst() where !parameter.isEmpty {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces() }
            guard pair.count == 2, let allowed = parametersAllowed[pair[0].lowercased()],
                pair[1].lowercased().trimmingCharacters(in: "\"") == allowed
            else { throw .unsupportedMediaType(expected: expected) }
        }
    }
}
