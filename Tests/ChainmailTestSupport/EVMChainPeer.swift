import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// scripts/peers/evm_chain.py as a subprocess: a real EVM (eth-tester on py-evm) behind JSON-RPC,
/// with addresses funded at genesis and ERC-20 tokens (scripts/peers/erc20.vy, compiled by vyper)
/// deployed at start. Transactions are checked and executed by py-evm, none of chainmail's code.
///
/// `stop()` then `start()` brings it back on the same port: with `keepsState` it continues the same
/// chain (mined transactions, balances, tokens; the pending ones are lost, as a restarted node's
/// pool of remote transactions is), else a new chain from the same genesis: the same funding and
/// token addresses, no transactions.
public final class EVMChainPeer: @unchecked Sendable {
    /// A funded test account: the private key (hex) that evm_sign_tx.py signs with, and its address.
    public struct Account: Sendable {
        public let privateKey: String
        public let address: String
    }

    /// An ERC-20 deployed at start: minted `supply` (smallest units) to `holder`.
    public struct Token: Sendable {
        public var symbol: String
        public var decimals: Int
        public var supply: String
        public var holder: String

        public init(symbol: String, decimals: Int, supply: String, holder: String) {
            self.symbol = symbol
            self.decimals = decimals
            self.supply = supply
            self.holder = holder
        }
    }

    /// The private keys 0x11…11, 0x22…22, 0x33…33 (eth-account's addresses for them).
    public static let alice = Account(privateKey: String(repeating: "11", count: 32), address: "0x19e7e376e7c213b7e7e7e46cc70a5dd086daff2a")
    public static let bob = Account(privateKey: String(repeating: "22", count: 32), address: "0x1563915e194d8cfba1943570603f7606a3115508")
    public static let carol = Account(privateKey: String(repeating: "33", count: 32), address: "0x5cbdd86a2fa8dc4bddd8a8f69dba48572eec07fb")

    public let directory: URL
    public let chainId: UInt64
    public private(set) var port: UInt16 = 0
    /// The deployed tokens' addresses (lowercase) by symbol.
    public private(set) var tokens: [String: String] = [:]
    private let arguments: [String]
    private var process: ChildProcess?

    /// The JSON-RPC endpoint, as a chain's `rpcURL` names it.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// Starts a chain `chainId` with `funding` (address to wei, nil: 1000 ETH) and `tokens`;
    /// `autoMine` false holds every transaction in the pending block until `mine()`; `blockTime`
    /// mines a block every so many seconds instead; `keepsState` keeps the chain across `stop()`
    /// and `start()`.
    public init(
        chainId: UInt64 = 31337,
        funding: [String: String?] = [alice.address: nil, bob.address: nil],
        tokens: [Token] = [],
        autoMine: Bool = true,
        blockTime: Double? = nil,
        keepsState: Bool = false
    ) async throws {
        directory = try PeerProcess.temporaryDirectory("chainmail-evm-chain")
        self.chainId = chainId
        var arguments = ["--chain-id", "\(chainId)"]
        for (address, wei) in funding.sorted(by: { $0.key < $1.key }) {
            arguments += ["--fund", wei.map { "\(address):\($0)" } ?? address]
        }
        for token in tokens {
            arguments += ["--erc20", "\(token.symbol):\(token.decimals):\(token.supply):\(token.holder)"]
        }
        if !autoMine { arguments.append("--no-auto-mine") }
        if let blockTime { arguments += ["--block-time", "\(blockTime)"] }
        if keepsState { arguments += ["--state", directory.appendingPathComponent("chain.state").path] }
        self.arguments = arguments
        try await start()
    }

    /// Runs `body` with a started chain, then stops it and removes its folder.
    public static func withPeer<T>(
        chainId: UInt64 = 31337,
        funding: [String: String?] = [alice.address: nil, bob.address: nil],
        tokens: [Token] = [],
        autoMine: Bool = true,
        blockTime: Double? = nil,
        keepsState: Bool = false,
        _ body: (EVMChainPeer) async throws -> T
    ) async throws -> T {
        let peer = try await EVMChainPeer(
            chainId: chainId,
            funding: funding,
            tokens: tokens,
            autoMine: autoMine,
            blockTime: blockTime,
            keepsState: keepsState
        )
        defer { peer.cleanUp() }
        return try await body(peer)
    }

    /// Starts it (again) on `port` (0 the first time: it picks one and prints it), and reads the
    /// token lines up to `ready`.
    public func start() async throws {
        let process = try ChildProcess(
            "/usr/bin/env",
            ["python3", PeerProcess.script("evm_chain.py"), "--port", "\(port)"] + arguments,
            input: .pipe,
            error: .file(directory.appendingPathComponent("stderr.log").path)
        )
        self.process = process
        let lines = try await ProcessRunner.onBlockingThread { () -> [String] in
            var lines: [String] = []
            while let line = ChildProcess.readLine(process.outputDescriptor!, upTo: .seconds(120)) {
                if line == "ready" { return lines }
                lines.append(line)
            }
            return lines + ["(no ready line)"]
        }
        guard let first = lines.first, let port = UInt16(first.trimmingCharacters(in: .whitespaces)), lines.last != "(no ready line)" else {
            stop()
            throw PeerProcess.Failure(description: "evm_chain.py did not start: \(lines) \(stderrText)")
        }
        self.port = port
        tokens = PeerProcess.keyValues(lines.dropFirst().joined(separator: "\n"))
    }

    /// Its standard error so far (Python tracebacks), for a failing test's message.
    public var stderrText: String {
        (try? String(contentsOf: directory.appendingPathComponent("stderr.log"), encoding: .utf8)) ?? ""
    }

    /// SIGTERM, then SIGKILL; returns at once (the waiting happens on a thread of its own).
    public func stop() {
        guard let process else { return }
        self.process = nil
        process.closeInput()
        Thread.detachNewThread { process.stop(grace: .seconds(10)) }
    }

    public func cleanUp() {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: JSON-RPC

    /// One JSON-RPC call: the whole answer object (`result` or `error`).
    public func rpc(_ method: String, _ params: [Any] = []) async throws -> [String: Any] {
        let body: [String: Any] = ["jsonrpc": "2.0", "id": 1, "method": method, "params": params]
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = 60
        request.httpMethod = "POST"
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (data, _) = try await URLSession.shared.data(for: request)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw PeerProcess.Failure(description: "evm_chain.py answered \(String(decoding: data, as: UTF8.self)) to \(method)")
        }
        return object
    }

    /// The `result` of a call; its `error` throws.
    public func result(_ method: String, _ params: [Any] = []) async throws -> Any {
        let answer = try await rpc(method, params)
        if let error = answer["error"] { throw PeerProcess.Failure(description: "\(method): \(error)") }
        return answer["result"] ?? NSNull()
    }

    /// The balance of `address` in wei, as a decimal string.
    public func balance(_ address: String) async throws -> String {
        try Self.decimal(hexQuantity: try await result("eth_getBalance", [address, "latest"]))
    }

    /// `balanceOf(holder)` of the ERC-20 at `token`, by eth_call, as a decimal string.
    public func tokenBalance(_ token: String, of holder: String) async throws -> String {
        let data = "0x70a08231" + String(repeating: "0", count: 24) + holder.lowercased().dropFirst(2)
        return try Self.decimal(hexQuantity: try await result("eth_call", [["to": token, "data": data], "latest"]))
    }

    /// The ERC-20 `transfer(to, amount)` calldata, 0x hex.
    public static func transferCalldata(to: String, amount: UInt64) -> String {
        let amountHex = String(amount, radix: 16)
        return "0xa9059cbb" + String(repeating: "0", count: 24) + to.lowercased().dropFirst(2)
            + String(repeating: "0", count: 64 - amountHex.count) + amountHex
    }

    // MARK: Control (the test_* methods of evm_chain.py)

    /// For `seconds`, every other request is answered 503 (`mode` "503") or its connection closed ("close").
    public func setDown(seconds: Double, mode: String = "503") async throws {
        _ = try await result("test_setDown", [seconds, mode])
    }

    /// Every later answer waits `seconds` first.
    public func setDelay(seconds: Double) async throws {
        _ = try await result("test_setDelay", [seconds])
    }

    /// The next `count` eth_sendRawTransaction get a JSON-RPC error with `message`.
    public func rejectNext(_ message: String, count: Int = 1) async throws {
        _ = try await result("test_rejectNext", [message, count])
    }

    /// The next `count` requests get `body` verbatim with HTTP `status`.
    public func setGarbage(_ body: String, count: Int = 1, status: Int = 200) async throws {
        _ = try await result("test_setGarbage", [body, count, status])
    }

    public func setAutoMine(_ enabled: Bool) async throws {
        _ = try await result("test_setAutoMine", [enabled])
    }

    /// Mines `count` blocks now, the pending transactions in the first.
    public func mine(_ count: Int = 1) async throws {
        _ = try await result("test_mine", [count])
    }

    /// `sendRawTransaction` (calls), `distinctTransactions` (hashes received), `accepted`, `refused`,
    /// `requests` per method, `received` per hash.
    public func stats() async throws -> [String: Any] {
        guard let stats = try await result("test_stats") as? [String: Any] else { throw PeerProcess.Failure(description: "no stats") }
        return stats
    }

    // MARK: Signing (scripts/peers/evm_sign_tx.py, eth-account)

    /// A type-2 transaction signed by eth-account: `signedTransaction` (bytes) and `transactionHash` (0x hex).
    public struct SignedTransaction: Sendable {
        public let bytes: [UInt8]
        public let transactionHash: String
    }

    /// Signs with `account`'s key on this chain; amounts as decimal strings.
    public func sign(
        _ account: Account,
        nonce: UInt64,
        to: String,
        value: String = "0",
        data: String = "0x",
        gasLimit: UInt64 = 21000,
        maxFeePerGas: String = "10000000000",
        maxPriorityFeePerGas: String = "1000000000"
    ) async throws -> SignedTransaction {
        let request: [String: Any] = [
            "privateKey": account.privateKey, "chainId": chainId, "nonce": nonce, "to": to, "value": value, "data": data,
            "gasLimit": gasLimit, "maxFeePerGas": maxFeePerGas, "maxPriorityFeePerGas": maxPriorityFeePerGas,
        ]
        let output = try await PythonPeer.run("evm_sign_tx.py", bytes: Array(try JSONSerialization.data(withJSONObject: request)))
        guard let answer = try JSONSerialization.jsonObject(with: Data(output)) as? [String: Any],
            let signed = answer["signedTransaction"] as? String, let hash = answer["transactionHash"] as? String,
            let bytes = Self.bytes(hex: signed)
        else { throw PeerProcess.Failure(description: "evm_sign_tx.py answered \(String(decoding: output, as: UTF8.self))") }
        return SignedTransaction(bytes: bytes, transactionHash: hash)
    }

    // MARK: Numbers

    /// The decimal digits of a JSON-RPC hex quantity (`0x1a` → `26`), of any size.
    public static func decimal(hexQuantity value: Any) throws -> String {
        guard let text = value as? String, text.hasPrefix("0x"), text.count > 2 else {
            throw PeerProcess.Failure(description: "not a hex quantity: \(value)")
        }
        var digits = text.dropFirst(2).compactMap { $0.hexDigitValue }
        guard digits.count == text.count - 2 else { throw PeerProcess.Failure(description: "not a hex quantity: \(text)") }
        var decimal: [Int] = []
        while digits.contains(where: { $0 != 0 }) {
            var remainder = 0
            var quotient: [Int] = []
            for digit in digits {
                let current = remainder * 16 + digit
                quotient.append(current / 10)
                remainder = current % 10
            }
            decimal.append(remainder)
            digits = quotient
        }
        return decimal.isEmpty ? "0" : decimal.reversed().map(String.init).joined()
    }

    static func bytes(hex text: String) -> [UInt8]? {
        let digits = Array(text.dropFirst(text.hasPrefix("0x") ? 2 : 0).utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
