import AccountEngine
import Hummingbird
import NIOCore

/// Reads request bodies within a byte limit: a declared Content-Length over the limit is refused
/// before a byte of the body is read, and a chunked body is refused as soon as it passes the limit,
/// so memory never holds more than the limit.
enum RequestBodyReader {
    /// The body of a JSON route, after checking its media type.
    static func json(_ request: Request, limit: Int) async throws(HTTPAPIError) -> [UInt8] {
        try checkDeclaredLength(request, limit: limit)
        try MediaTypeCheck.require(request, type: "application", subtype: "json", parametersAllowed: ["charset": "utf-8"])
        return try await collect(request, limit: limit)
    }

    /// The body of POST /v1/email.
    static func email(_ request: Request, limit: Int) async throws(HTTPAPIError) -> [UInt8] {
        try checkDeclaredLength(request, limit: limit)
        try MediaTypeCheck.require(request, type: "message", subtype: "rfc822", parametersAllowed: [:])
        return try await collect(request, limit: limit)
    }

    static func checkDeclaredLength(_ request: Request, limit: Int) throws(HTTPAPIError) {
        guard let declared = request.headers[.contentLength] else { return }
        guard let length = Int(declared), length >= 0 else { throw .invalidRequest("Content-Length is not a byte count") }
        guard length <= limit else { throw .tooLarge(limit: limit) }
    }

    private static func collect(_ request: Request, limit: Int) async throws(HTTPAPIError) -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            for try await buffer in request.body {
                guard bytes.count + buffer.readableBytes <= limit else { throw HTTPAPIError.tooLarge(limit: limit) }
                bytes.append(contentsOf: buffer.readableBytesView)
            }
        } catch let error as HTTPAPIError {
            throw error
        } catch {
            throw .invalidRequest("the request body could not be read")
        }
        return bytes
    }
}
