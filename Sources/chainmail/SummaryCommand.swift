import AccountEngine
import ArgumentParser
import ChainTransactions
import Foundation

/// `chainmail summary [--chains F] [--json] FILE…`: each file's transaction (JSON), its txHash and
/// the approval lines of PROTOCOL.md section 8.3, as the approval email shows them; a transaction
/// that would be refused (malformed, or on a chain that is not configured) gets its error instead.
struct SummaryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print transactions' txHash and the words their approval shows (PROTOCOL.md 8.3)."
    )

    @Option(name: .customLong("chains"), help: "A chains.json: {\"evm\":[{chainId,name,symbol,decimals}],\"tokenLists\":[…]}.")
    var chainsFile: String?

    @Flag(help: "One JSON object a line: {\"file\",\"txHash\",\"summary\"} or {\"file\",\"error\":{\"code\",\"message\"}}.")
    var json = false

    @Argument(help: "Files, each holding one transaction as JSON.")
    var files: [String]

    func run() async throws {
        let chains: ChainRegistry
        do {
            chains = try chainsFile.map(ChainsFile.registry(path:)) ?? .builtIn
        } catch {
            throw ValidationError("--chains: \(error)")
        }
        var failed = false
        for file in files {
            switch Self.summary(file: file, chains: chains) {
            case .success(let (txHash, lines)):
                if json {
                    print(
                        JSONValue.object([
                            "file": .string(file), "txHash": .string(txHash), "summary": .array(lines.map(JSONValue.string)),
                        ]).compactText
                    )
                } else {
                    print("\(file)  \(txHash)")
                    for line in lines { print("  \(line)") }
                }
            case .failure(let error):
                failed = true
                if json {
                    print(JSONValue.object(["file": .string(file), "error": error.json["error"] ?? .null]).compactText)
                } else {
                    print("\(file)  refused: \(error.code): \(error.message)")
                }
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// The txHash and lines of the transaction in `file`, or why it would be refused.
    @inline(never)
    static func summary(file: String, chains: ChainRegistry) -> Result<(String, [String]), EngineError> {
        do {
            let bytes = try FileBytes.contents(of: file)
            let signed = try SignedTransaction(jsonText: String(decoding: bytes, as: UTF8.self))
            try signed.transaction.checkChains(chains)
            return .success((signed.txHashHex, TransactionSummary.lines(for: signed.transaction, chains: chains)))
        } catch let error as EngineError {
            return .failure(error)
        } catch {
            return .failure(EngineError(.invalidRequest, message: "\(error)"))
        }
    }
}
