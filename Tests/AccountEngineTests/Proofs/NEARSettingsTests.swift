import AccountEngine
import Foundation
import Testing

@Suite("near settings: defaults and every rule")
struct NEARSettingsTests {
    @Test("an empty near section takes the defaults: no RPC, no key file, v1.signer-prod.testnet, 300 Tgas, 30 s")
    func defaults() throws {
        let settings = try JSONDecoder().decode(NEARSettings.self, from: Data("{}".utf8))
        #expect(settings == NEARSettings())
        #expect(settings.rpcURL == nil && settings.keyFile == nil)
        #expect(settings.mpcContract == "v1.signer-prod.testnet")
        #expect(settings.signGas == 300_000_000_000_000)
        #expect(settings.requestTimeoutSeconds == 30)
        #expect(settings.requestTimeout == .seconds(30))
        #expect(settings.problems().isEmpty)
    }

    @Test("every setting is read")
    func everySetting() throws {
        let json =
            #"{"rpcURL":"https://rpc.mainnet.near.org","keyFile":"/k.json","mpcContract":"v1.signer","signGas":10000000000000,"requestTimeoutSeconds":5}"#
        let settings = try JSONDecoder().decode(NEARSettings.self, from: Data(json.utf8))
        #expect(
            settings
                == NEARSettings(
                    rpcURL: "https://rpc.mainnet.near.org",
                    keyFile: "/k.json",
                    mpcContract: "v1.signer",
                    signGas: 10_000_000_000_000,
                    requestTimeoutSeconds: 5
                )
        )
        #expect(settings.problems().isEmpty)
    }

    @Test(
        "each broken rule is a problem naming its setting",
        arguments: [
            (NEARSettings(rpcURL: "http://rpc.testnet.near.org"), "near.rpcURL"),
            (NEARSettings(rpcURL: "ftp://127.0.0.1"), "near.rpcURL"),
            (NEARSettings(rpcURL: "not a url"), "near.rpcURL"),
            (NEARSettings(rpcURL: "https://user:pw@rpc.testnet.near.org"), "near.rpcURL"),
            (NEARSettings(keyFile: ""), "near.keyFile"),
            (NEARSettings(mpcContract: "V1.Signer"), "near.mpcContract"),
            (NEARSettings(signGas: 9_999_999_999_999), "near.signGas"),
            (NEARSettings(signGas: 300_000_000_000_001), "near.signGas"),
            (NEARSettings(requestTimeoutSeconds: 0), "near.requestTimeoutSeconds"),
            (NEARSettings(requestTimeoutSeconds: 301), "near.requestTimeoutSeconds"),
        ]
    )
    func problems(_ settings: NEARSettings, _ setting: String) {
        let problems = settings.problems()
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.hasPrefix(setting + " ") == true, "\(problems)")
        #expect(throws: EngineError.self) { try settings.validate() }
    }

    @Test("plain http is accepted to a loopback RPC only; the gas bounds are inclusive")
    func edges() {
        for url in ["http://127.0.0.1:3030", "http://localhost:3030", "http://[::1]:3030", "https://rpc.testnet.near.org"] {
            #expect(NEARSettings(rpcURL: url).problems().isEmpty, "\(url)")
        }
        #expect(NEARSettings(signGas: 10_000_000_000_000, requestTimeoutSeconds: 1).problems().isEmpty)
        #expect(NEARSettings(signGas: 300_000_000_000_000, requestTimeoutSeconds: 300).problems().isEmpty)
    }

    @Test("ProofVerifierRegistry.standard refuses near settings that break a rule")
    func registryValidates() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-near-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteAccountStore(path: directory.appendingPathComponent("accounts.sqlite").path)
        #expect(throws: EngineError.self) {
            try ProofVerifierRegistry.standard(
                settings: AuthenticationSettings(),
                store: store,
                httpClient: nil,
                near: NEARSettings(rpcURL: "http://rpc.example.com")
            )
        }
    }
}
