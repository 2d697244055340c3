import ChainmailTestSupport
import Foundation
import HTTPTypes

#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client whose connections leave from a chosen loopback address (127.0.0.2,
/// 127.0.0.3, …: all of 127/8 is the loopback interface on Linux), so one test can be several
/// clients to the server's per-client limits. One request per connection, `Connection: close`;
/// blocking socket calls on a thread of their own.
struct SourceBoundClient: Sendable {
    let source: String
    let port: Int

    init(_ server: LiveServer, from source: String) {
        self.source = source
        self.port = server.port
    }

    func send(_ method: String, _ path: String, json body: String? = nil, headers: [String: String] = [:]) async throws -> APIAnswer {
        let source = source
        let port = port
        let (status, fields, bytes) = try await ProcessRunner.onBlockingThread {
            try Self.exchange(source: source, port: port, method: method, path: path, body: body.map { Array($0.utf8) }, headers: headers)
        }
        var httpFields = HTTPFieldsBuilder()
        for (name, value) in fields { httpFields.add(name, value) }
        return APIAnswer(status: status, headers: httpFields.fields, body: bytes)
    }

    func post(_ path: String, json body: String, headers: [String: String] = [:]) async throws -> APIAnswer {
        try await send("POST", path, json: body, headers: headers)
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> APIAnswer {
        try await send("GET", path, headers: headers)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private static func exchange(
        source: String,
        port: Int,
        method: String,
        path: String,
        body: [UInt8]?,
        headers: [String: String]
    ) throws -> (Int, [(String, String)], [UInt8]) {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        _ = setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, source, &local.sin_addr)
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr)
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw Failure(description: "bind \(source): \(String(cString: strerror(errno)))") }
        let connected = withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect: \(String(cString: strerror(errno)))") }

        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        let request = Array((head + "\r\n").utf8) + (body ?? [])
        var offset = 0
        while offset < request.count {
            let written = request[offset...].withUnsafeBytes { write(socket, $0.baseAddress, $0.count) }
            guard written > 0 else { throw Failure(description: "write: \(String(cString: strerror(errno)))") }
            offset += written
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(socket, $0.baseAddress, $0.count) }
            if count < 0 { throw Failure(description: "read: \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            response += buffer[..<count]
        }
        return try parse(response)
    }

    private static func parse(_ response: [UInt8]) throws -> (Int, [(String, String)], [UInt8]) {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0...(max(0, response.count - 4))).first(where: { Array(response[$0..<min($0 + 4, response.count)]) == separator })
        else { throw Failure(description: "no end of header in \(String(decoding: response, as: UTF8.self))") }
        let lines = String(decoding: response[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "status line \(lines[0])") }
        var fields: [(String, String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var body = Array(response[(end + 4)...])
        if fields.contains(where: { $0.0.lowercased() == "transfer-encoding" && $0.1.lowercased().contains("chunked") }) {
            body = dechunk(body)
        }
        return (status, fields, body)
    }

    private static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = (index..<bytes.count - 1).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 }) else { break }
            let size = Int(String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";")[0], radix: 16) ?? 0
            if size == 0 { break }
            output += bytes[(lineEnd + 2)..<min(lineEnd + 2 + size, bytes.count)]
            index = lineEnd + 2 + size + 2
        }
        return output
    }
}

/// Builds `HTTPFields` from name/value text pairs.
struct HTTPFieldsBuilder {
    var fields = HTTPTypes.HTTPFields()

    mutating func add(_ name: String, _ value: String) {
        if let fieldName = HTTPTypes.HTTPField.Name(name) { fields.append(HTTPTypes.HTTPField(name: fieldName, value: value)) }
    }
}
