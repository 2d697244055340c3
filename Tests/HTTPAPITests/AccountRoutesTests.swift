import AccountEngine
import ChainmailTestSupport
import Foundation
import HTTPAPI
import Testing

@Suite("accounts: POST /v1/accounts, GET /v1/accounts/{accountId}, GET /v1/accounts?identity=")
struct AccountRoutesTests {
    static let evm = #"{"type":"PubKey","value":"evm:0x5B38Da6a701c568545dCfcB03FcB875f56beddC4"}"#
    static let evmNormalised = #"{"type":"PubKey","value":"evm:0x5b38da6a701c568545dcfcb03fcb875f56beddc4"}"#

    @Test("an account is created (201), read back, and found by its identity in any spelling")
    func createReadFind() async throws {
        try await withLiveServer { server in
            let client = APIClient(server)
            let created = try await client.post("/v1/accounts", json: #"{"accountId":"alice","authIdentity":\#(Self.evm)}"#)
            #expect(created.status == 201)
            #expect(created.headers[.contentType] == "application/json")
            #expect(created.text == #"{"accountId":"alice","nonce":0,"authIdentities":[\#(Self.evmNormalised)]}"#)

            let read = try await client.get("/v1/accounts/alice")
            #expect(read.status == 200)
            #expect(read.text == created.text)

            let found = try await client.get("/v1/accounts?identity=\(queryEncoded(Self.evm))")
            #expect(found.status == 200)
            #expect(found.text == #"{"accounts":[\#(created.text)]}"#)

            let none = try await client.get(
                "/v1/accounts?identity=\(queryEncoded(#"{"type":"PubKey","value":"evm:0x0000000000000000000000000000000000000001"}"#))"
            )
            #expect(none.text == #"{"accounts":[]}"#)
        }
    }

    @Test("refusals carry the error shape and the status of section 7, and change nothing")
    func refusals() async throws {
        try await withLiveServer { server in
            let client = APIClient(server)
            _ = try await client.post("/v1/accounts", json: #"{"accountId":"alice","authIdentity":\#(Self.evm)}"#)
            let before = try await server.storedAccountsText(["alice", "bob", "Bob"])

            let cases: [(String, String, Int, String)] = [
                ("duplicate id", #"{"accountId":"alice","authIdentity":\#(Self.evm)}"#, 409, "account_exists"),
                ("invalid id", #"{"accountId":"Bob","authIdentity":\#(Self.evm)}"#, 400, "invalid_account_id"),
                ("unknown member", #"{"accountId":"bob","authIdentity":\#(Self.evm),"admin":true}"#, 400, "invalid_request"),
                ("missing member", #"{"accountId":"bob"}"#, 400, "invalid_request"),
                ("wrong type", #"{"accountId":7,"authIdentity":\#(Self.evm)}"#, 400, "invalid_request"),
                ("bad identity", #"{"accountId":"bob","authIdentity":{"type":"PubKey","value":"evm:0x12"}}"#, 400, "invalid_identity"),
                ("malformed JSON", #"{"accountId":"bob","#, 400, "malformed_json"),
                ("duplicate key", #"{"accountId":"bob","accountId":"eve","authIdentity":\#(Self.evm)}"#, 400, "malformed_json"),
                ("trailing data", #"{"accountId":"bob","authIdentity":\#(Self.evm)} x"#, 400, "malformed_json"),
                ("not an object", #"["bob"]"#, 400, "invalid_request"),
            ]
            for (name, body, status, code) in cases {
                let answer = try await client.post("/v1/accounts", json: body)
                #expect(answer.status == status, "\(name)")
                #expect(answer.errorCode == code, "\(name): \(answer.text)")
                #expect(answer.json?["error"]?["message"]?.string?.isEmpty == false, "\(name)")
            }

            let wrongType = try await client.post(
                "/v1/accounts",
                json: #"{"accountId":"bob","authIdentity":\#(Self.evm)}"#,
                contentType: "text/plain"
            )
            #expect(wrongType.status == 415)
            #expect(wrongType.errorCode == "unsupported_media_type")
            let otherCharset = try await client.post(
                "/v1/accounts",
                json: #"{"accountId":"bob","authIdentity":\#(Self.evm)}"#,
                contentType: "application/json; charset=latin1"
            )
            #expect(otherCharset.status == 415)

            #expect(try await client.get("/v1/accounts/bob").errorCode == "account_not_found")
            #expect(try await client.get("/v1/accounts/bob").status == 404)
            #expect(try await client.get("/v1/accounts/B%20B").status == 400)
            #expect(try await client.get("/v1/accounts").status == 400)
            #expect(try await client.get("/v1/accounts?identity=%7B").errorCode == "malformed_json")
            #expect(try await client.get("/v1/accounts?identity=\(queryEncoded(Self.evm))&extra=1").errorCode == "invalid_request")
            #expect(try await client.get("/v1/accounts?identity=\(queryEncoded(Self.evm))&identity=\(queryEncoded(Self.evm))").status == 400)
            #expect(try await client.get("/v1/accounts?identity=%ZZ").status == 400)

            #expect(try await server.storedAccountsText(["alice", "bob", "Bob"]) == before)
        }
    }

    @Test("unknown routes answer 404 route_not_found; a known path with another method 405 with Allow")
    func routing() async throws {
        try await withLiveServer { server in
            let client = APIClient(server)
            let missing = try await client.get("/v1/nothing")
            #expect(missing.status == 404)
            #expect(missing.errorCode == "route_not_found")
            let method = try await client.send(.delete, "/v1/accounts")
            #expect(method.status == 405)
            #expect(method.errorCode == "method_not_allowed")
            #expect(method.headers[.allow] == "GET, POST")
            let put = try await client.send(.put, "/v1/accounts/alice", body: Array("{}".utf8))
            #expect(put.status == 405)
            #expect(put.headers[.allow] == "GET")
        }
    }
}
