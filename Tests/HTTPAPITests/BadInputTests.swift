import AccountEngine
import ChainmailTestSupport
import Foundation
import HTTPAPI
import Testing

@Suite("bad input: huge bodies, idle connections; the server stays up and the store untouched")
struct BadInputTests {
    static let evm = #"{"type":"PubKey","value":"evm:0x5b38da6a701c568545dcfcb03fcb875f56beddc4"}"#

    @Test("a declared 100 MB body is refused with 413 at once, and the connection is closed long before the body is sent")
    func declaredHugeBody() async throws {
        try await withLiveServer { server in
            _ = try await APIClient(server).post("/v1/accounts", json: #"{"accountId":"alice","authIdentity":\#(Self.evm)}"#)
            let before = try await server.storedAccountsText(["alice"])
            for (path, contentType) in [("/v1/execute", "application/json"), ("/v1/email", "message/rfc822"), ("/v1/accounts", "application/json")] {
                let answer = try await PythonPeer.run(
                    "http_abuse.py",
                    input: .object([
                        "mode": .string("oversized"), "port": .integer(UInt64(server.port)), "path": .string(path),
                        "contentType": .string(contentType), "declaredBytes": .integer(100 << 20), "sendBytes": .integer(100 << 20),
                    ])
                )
                #expect(answer["status"]?.uint == 413, "\(path): \(answer)")
                #expect(answer["closedByServer"]?.bool == true, "\(path)")
                #expect(Self.seconds(answer) < 2, "\(path): \(answer)")
                #expect((answer["bytesSent"]?.uint ?? .max) < 100 << 20, "\(path): the whole body was taken")
            }
            #expect(try await APIClient(server).get("/healthz").status == 200)
            #expect(try await server.storedAccountsText(["alice"]) == before)
        }
    }

    @Test("a chunked body that passes the limit is refused with 413 as soon as it does")
    func chunkedHugeBody() async throws {
        try await withLiveServer { server in
            let answer = try await PythonPeer.run(
                "http_abuse.py",
                input: .object([
                    "mode": .string("oversized"), "port": .integer(UInt64(server.port)), "path": .string("/v1/execute"),
                    "contentType": .string("application/json"), "declaredBytes": .null, "sendBytes": .integer(100 << 20),
                ])
            )
            #expect(answer["status"]?.uint == 413, "\(answer)")
            #expect(answer["closedByServer"]?.bool == true)
            #expect(Self.seconds(answer) < 2, "\(answer)")
            #expect((answer["bytesSent"]?.uint ?? .max) < 100 << 20)
        }
    }

    @Test("2,000 idle connections: the server keeps answering, then sheds them all by its idle timeout")
    func idleConnections() async throws {
        try await withLiveServer(settings: .testing(\.idleTimeoutSeconds, 2)) { server in
            let client = APIClient(server)
            _ = try await client.post("/v1/accounts", json: #"{"accountId":"alice","authIdentity":\#(Self.evm)}"#)
            let before = try await server.storedAccountsText(["alice"])
            let marker = server.directory.appendingPathComponent("idle-open").path
            let port = server.port
            let peer = Task {
                try await PythonPeer.run(
                    "http_abuse.py",
                    input: .object([
                        "mode": .string("idle"), "port": .integer(UInt64(port)), "connections": .integer(2000),
                        "markerFile": .string(marker), "waitSeconds": .integer(20),
                    ])
                )
            }
            let deadline = ContinuousClock.now + .seconds(30)
            while !FileManager.default.fileExists(atPath: marker), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(FileManager.default.fileExists(atPath: marker))
            // While they are open, others are served: well before the peer would let them go (20 s).
            let start = ContinuousClock.now
            #expect(try await client.get("/healthz").status == 200)
            #expect(try await client.get("/v1/accounts/alice").status == 200)
            #expect(ContinuousClock.now - start < .seconds(15))

            let answer = try await peer.value
            #expect(answer["opened"]?.uint == 2000)
            #expect(answer["closedByServer"]?.uint == 2000, "\(answer)")
            #expect(Self.seconds(answer) < 10, "\(answer)")
            #expect(try await client.get("/healthz").status == 200)
            #expect(try await server.storedAccountsText(["alice"]) == before)
        }
    }

    static func seconds(_ answer: JSONValue) -> Double {
        if case .number(let number)? = answer["seconds"] { return number.value }
        return .infinity
    }
}
