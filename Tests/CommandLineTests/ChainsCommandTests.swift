import ChainmailTestSupport
import Foundation
import Testing

/// The `chains:` section as `config check` reads it, and `chainmail summary` (DESIGN.md): the
/// approval's words of transaction files, or the code that refuses them.
@Suite("chains in the configuration, and chainmail summary")
struct ChainsCommandTests {
    static let evm = PackagePaths.root.appendingPathComponent("testdata/evm")

    @Test("a chains section with a node, an explorer and a token list checks ok")
    func goodChains() async throws {
        let folder = try WorkFolder("chainmail-chains")
        let tokens = try folder.write(
            "tokens.json",
            #"{"name":"mine","tokens":[{"chainId":31337,"address":"0x5FbDB2315678afecb367f032d93F642f64180aa3","symbol":"TST","name":"Test","decimals":6}]}"#
        )
        let file = try folder.write(
            "chainmail.yaml",
            """
            dataDirectory: \(folder.path("data"))
            http:
              port: 0
              serviceMailbox: wallet@example.com
            dns:
              trustAnchorFile: none
            chains:
              evm:
                - {chainId: 31337, name: Local, symbol: ETH, decimals: 18,
                   rpcURL: "http://127.0.0.1:8545", explorerURL: "https://explorer.example/tx/{hash}"}
              tokenLists: [\(tokens)]
            """
        )
        let run = try await ChainmailExecutable.run(["config", "check", "--config", file])
        #expect(run.status == 0, "\(run.stderr)")
    }

    @Test("a chain's unknown key, bad values and an unreadable token list are each named")
    func badChains() async throws {
        let folder = try WorkFolder("chainmail-chains")
        let typo = try folder.write("typo.yaml", "chains:\n  evm:\n    - {chainId: 5, name: X, symbol: X, decimals: 18, rpcUrl: \"http://x\"}\n")
        let unknown = try await ChainmailExecutable.run(["config", "check", "--config", typo])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("unknown setting chains.evm[0].rpcUrl"), "\(unknown.stderr)")

        let tokens = try folder.write(
            "tokens.json",
            #"{"tokens":[{"chainId":1,"address":"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eb48","symbol":"X","name":"X","decimals":6}]}"#
        )
        let file = try folder.write(
            "chainmail.yaml",
            """
            dataDirectory: \(folder.path("data"))
            http:
              serviceMailbox: wallet@example.com
            dns:
              trustAnchorFile: none
            chains:
              evm:
                - {chainId: 0, name: Zero, symbol: Z, decimals: 99, rpcURL: "ftp://node", explorerURL: "https://x.example/tx/"}
              tokenLists: [\(tokens), \(folder.path("missing.json"))]
            """
        )
        let run = try await ChainmailExecutable.run(["config", "check", "--config", file])
        #expect(run.status == 1)
        for problem in [
            "chains.evm[0].chainId must be 1 to 2^53-1", "chains.evm[0].decimals must be 0 to 77",
            "chains.evm[0].rpcURL must be an http or https URL",
            "chains.evm[0].explorerURL must be an http or https URL holding {hash}", "does not carry a valid EIP-55 checksum",
            "cannot read the token list \(folder.path("missing.json"))",
        ] {
            #expect(run.stderr.contains(problem), "\(problem): \(run.stderr)")
        }
    }

    @Test("chainmail summary prints the txHash and the approval's lines; a refused transaction gets its code and status 1")
    func summary() async throws {
        let chains = Self.evm.appendingPathComponent("chains.json").path
        let example = Self.evm.appendingPathComponent("summary-example.json").path
        let output = try await ChainmailExecutable.check(["summary", "--chains", chains, "--json", example])
        let line = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let lines = try #require(line["summary"] as? [String])
        #expect(lines.first?.hasPrefix("On Local (chain 31337), from 0x") == true, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("Transfer 250.5 TST (token 0x") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("Network fee: at most 0.0002 ETH") }, "\(lines)")
        #expect((line["txHash"] as? String)?.count == 64)

        let folder = try WorkFolder("chainmail-summary")
        let unknownChain = try folder.write(
            "tx.json",
            #"{"accountId":"alice","nonce":0,"actions":[{"type":"EVMTransaction","args":{"chainId":999,"from":"0x000000000000000000000000000000000000bEEF","path":"p","nonce":0,"to":"0x000000000000000000000000000000000000bEEF","value":"1","data":"0x","gasLimit":21000,"maxFeePerGas":"1","maxPriorityFeePerGas":"1"}}]}"#
        )
        let refused = try await ChainmailExecutable.run(["summary", "--json", unknownChain])
        #expect(refused.status == 1)
        #expect(refused.stdout.contains(#""code":"chain_unknown""#), "\(refused.stdout)")
    }
}
