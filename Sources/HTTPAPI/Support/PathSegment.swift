/// Path segments arrive percent-encoded (an issuer URL in PUT /v1/oidc/{issuer}/keys).
enum PathSegment {
    static func decode(_ segment: String) throws(HTTPAPIError) -> String {
        guard let decoded = QueryParameters.decode(Substring(segment), plusIsSpace: false) else {
            throw .invalidRequest("a path segment holds an invalid percent escape or non-UTF-8 bytes")
        }
        return decoded
    }
}
