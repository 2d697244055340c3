import AccountEngine
import ChainmailTestSupport
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// An answer of the live server, with its body parsed as JSON when it is JSON.
struct APIAnswer: Sendable {
    let status: Int
    let headers: HTTPFields
    let body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }
    var json: JSONValue? { try? StrictJSONParser(maxBytes: 16 << 20, maxDepth: 64).parse(body) }
    var errorCode: String? { json?["error"]?["code"]?.string }
}

/// A plain HTTP/1.1 client (Hummingbird's test client, a fresh connection per request).
struct APIClient: Sendable {
    let port: Int

    init(_ server: LiveServer) {
        self.port = server.port
    }

    func send(
        _ method: HTTPRequest.Method,
        _ path: String,
        body: [UInt8]? = nil,
        contentType: String? = "application/json",
        headers extra: HTTPFields = [:]
    ) async throws -> APIAnswer {
        var headers = extra
        if body != nil, let contentType { headers[.contentType] = contentType }
        let request = TestClient.Request(path, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) })
        let response = try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            try await client.execute(request)
        }
        return APIAnswer(status: response.status.code, headers: response.headers, body: response.body.map { Array($0.readableBytesView) } ?? [])
    }

    func get(_ path: String, headers: HTTPFields = [:]) async throws -> APIAnswer {
        try await send(.get, path, headers: headers)
    }

    func post(_ path: String, json text: String, contentType: String = "application/json") async throws -> APIAnswer {
        try await send(.post, path, body: Array(text.utf8), contentType: contentType)
    }

    func post(_ path: String, json value: JSONValue) async throws -> APIAnswer {
        try await send(.post, path, body: value.compactBytes)
    }
}

/// Percent-encoding of a query parameter value (everything but unreserved characters).
func queryEncoded(_ text: String) -> String {
    var output = ""
    for byte in text.utf8 {
        let isUnreserved =
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || [0x2D, 0x2E, 0x5F, 0x7E].contains(byte)
        output += isUnreserved ? String(UnicodeScalar(byte)) : String(format: "%%%02X", byte)
    }
    return output
}
