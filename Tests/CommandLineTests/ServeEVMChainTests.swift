import AccountEngine
import ByteEncoding
import ChainmailTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `chainmail serve` with a `chains:` section naming a real EVM (eth-tester on py-evm): a wallet's
/// EVMTransaction prepared without nonce and fees is completed from the chain, executed over
/// POST /v1/execute, and sent by serve's broadcaster until GET /v1/transactions says confirmed.
@Suite("chainmail serve: EVM transactions filled in, executed and sent", .timeLimit(.minutes(4)))
struct ServeEVMChainTests {
    static let recipient = "0x000000000000000000000000000000000000bEEF"

    @Test("prepared without nonce and fees, executed by a wallet, sent by serve and confirmed; the recipient gets the amount")
    func serveSendsWhatItSigns() async throws {
        try await EVMChainPeer.withPeer { peer in
            let folder = try WorkFolder("chainmail-serve-evm")
            let dns = try folder.write("dns.txt", "")
            let config = try folder.write(
                "chainmail.yaml",
                """
                dataDirectory: \(folder.path("data"))
                email:
                  address: wallet@example.com
                dns:
                  staticFile: \(dns)
                http:
                  port: 0
                  serviceMailbox: wallet@example.com
                chains:
                  evm:
                    - {chainId: 31337, name: Local, symbol: ETH, decimals: 18, rpcURL: "\(peer.url)"}
                """
            )
            _ = try await ChainmailExecutable.check(["init", "--config", config])
            let log = folder.path("serve.log")
            let running = try ChildProcess(ChainmailExecutable.path, ["serve", "--config", config], output: .file(log), error: .standardOutput)
            defer { running.stop() }
            let api = try await API(log: log)

            let wallet = try await PeerWallet.make()
            let identity = try wallet.identity.json.compactText
            #expect(try await api.send("POST", "/v1/accounts", #"{"accountId":"alice","authIdentity":\#(identity)}"#).status == 201)
            let encoded = identity.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let from = try #require(try await api.send("GET", "/v1/derive?identity=\(encoded)&path=ethereum,1").body["evmAddress"] as? String)
            let funding = try await peer.sign(EVMChainPeer.alice, nonce: 0, to: from, value: "1000000000000000000")
            _ = try await peer.result("eth_sendRawTransaction", ["0x" + funding.bytes.hexString])

            let draft =
                #"{"accountId":"alice","nonce":0,"actions":[{"type":"EVMTransaction","args":{"chainId":31337,"from":"\#(from)","path":"ethereum,1","to":"\#(Self.recipient)","value":"4242","data":"0x"}}]}"#
            let prepared = try await api.send("POST", "/v1/transactions", #"{"transaction":\#(draft)}"#)
            #expect(prepared.status == 201, "\(prepared.body)")
            let body = try #require((prepared.body["email"] as? [String: Any])?["body"] as? String)
            let block = try #require(
                body.components(separatedBy: "-----BEGIN CHAINMAIL TRANSACTION-----\n").last?.components(separatedBy: "\n-----END").first
            )
            let args = try #require(try StrictJSONParser().parse(block)["actions"]?.arrayValue?.first?["args"])
            #expect(args["nonce"]?.compactText == "0" && args["gasLimit"]?.compactText == "21000", "\(block)")

            let execute = try await wallet.executeArgsJSON(block)
            let executed = try await api.send("POST", "/v1/execute", execute.compactText)
            #expect(executed.status == 200, "\(executed.body)")
            let txHash = try #require(executed.body["txHash"] as? String)

            let confirmed = await eventually(timeout: .seconds(60)) {
                let status = try? await api.send("GET", "/v1/transactions/\(txHash)")
                let broadcasts = status?.body["broadcasts"] as? [[String: Any]]
                return broadcasts?.first?["status"] as? String == "confirmed"
            }
            #expect(confirmed, "\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
            #expect(try await peer.balance(Self.recipient) == "4242")
            let metrics = try await URLSession.shared.data(from: URL(string: api.base + "/metrics")!).0
            #expect(String(decoding: metrics, as: UTF8.self).contains(#"chainmail_broadcasts_total{status="confirmed"} 1"#))
        }
    }

    /// The HTTP API of a running serve, at the port its log reports.
    struct API {
        let base: String

        init(log: String) async throws {
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                if let text = try? String(contentsOfFile: log, encoding: .utf8),
                    let line = text.split(separator: "\n").first(where: { $0.contains("http listening") }),
                    let match = line.firstMatch(of: /port=(\d+)/)
                {
                    base = "http://127.0.0.1:\(match.1)"
                    return
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw PeerProcess.Failure(description: "serve did not listen: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        }

        func send(_ method: String, _ path: String, _ json: String? = nil) async throws -> (status: Int, body: [String: Any]) {
            var request = URLRequest(url: URL(string: base + path)!)
            request.httpMethod = method
            if let json {
                request.httpBody = Data(json.utf8)
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            }
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:])
        }
    }
}
