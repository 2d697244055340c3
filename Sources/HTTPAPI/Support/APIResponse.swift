import AccountEngine
import ErrorCodes
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore

/// Builds the API's answers: JSON bodies, the error shape, and the refusal of oversized bodies.
enum APIResponse {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        bytes(value.compactBytes, status: status, contentType: "application/json")
    }

    /// 200 with the result of an executed transaction, or 202 with what a kept one still awaits,
    /// or 202 `signing` for one whose signatures did not come within the wait.
    static func outcome(_ outcome: ExecutionOutcome) -> Response {
        switch outcome {
        case .executed(let result): json(result.json)
        case .awaitingProofs(let awaiting): json(awaiting.json, status: .accepted)
        case .signing(let signing): json(signing.json, status: .accepted)
        }
    }

    static func bytes(_ bytes: [UInt8], status: HTTPResponse.Status = .ok, contentType: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The error shape. A 413 also closes the connection shortly after the answer is written:
    /// the rest of the oversized body is never read into memory, and the short linger lets the
    /// client read the answer before the connection goes.
    static func error(_ error: HTTPAPIError, channel: (any Channel)?) -> Response {
        var response = json(error.json, status: HTTPResponse.Status(code: error.status))
        for (name, value) in error.headers {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        guard error.category == .tooLarge, let channel else { return response }
        response.headers[.connection] = "close"
        let body = ByteBuffer(bytes: error.json.compactBytes)
        response.body = ResponseBody(contentLength: body.readableBytes) { writer in
            try await writer.write(body)
            try await writer.finish(nil)
            channel.eventLoop.scheduleTask(in: lingerAfterRefusal) { channel.close(promise: nil) }
        }
        return response
    }

    static let lingerAfterRefusal = TimeAmount.milliseconds(200)
}
