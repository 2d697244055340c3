import AsyncHTTPClient
import ByteEncoding
import ChainSigner
import ErrorCodes
import Foundation
import NIOCore

/// A client of an EVM chain's node: Ethereum JSON-RPC 2.0 over HTTP POST to `url` (PROTOCOL.md
/// section 8.4), what chainmail needs to fill in a transaction and to send it.
///
/// Every failure is a `ChainTransactionError`: `evm_rpc_unavailable` (no connection, no answer
/// within `timeout`, HTTP 5xx or 429, a JSON-RPC error to a method that reads: temporary),
/// `evm_rpc_invalid_response` (an answer that is not the JSON-RPC expected), or, for a signed
/// transaction the node refuses, `broadcast_rejected` with the node's message (at most 500
/// characters): permanent. Quantities come as big-endian bytes without leading zeros.
public struct EVMRPCClient: Sendable {
    /// The node's endpoint, as a chain's `rpcURL` names it.
    public let url: String
    /// The longest wait for one answer.
    public let timeout: Duration
    /// The largest answer read.
    public static let maximumResponseBytes = 8 << 20

    private let httpClient: HTTPClient

    public init(url: String, httpClient: HTTPClient, timeout: Duration = .seconds(10)) {
        self.url = url
        self.httpClient = httpClient
        self.timeout = timeout
    }

    /// `eth_chainId`.
    public func chainId() async throws(ChainTransactionError) -> UInt64 {
        try EVMRPCResponse.uint64(try await read("eth_chainId", []), "the chain id")
    }

    /// `eth_getTransactionCount` of `address` at `block` (`pending` counts the transactions the
    /// node holds unmined: the nonce of the next one).
    public func transactionCount(_ address: String, block: String = "pending") async throws(ChainTransactionError) -> UInt64 {
        try EVMRPCResponse.uint64(try await read("eth_getTransactionCount", [address, block]), "the transaction count")
    }

    /// `eth_estimateGas` of a call from `from` to `to` with `value` (in wei) and `data` (0x hex).
    /// A call that reverts is `evm_rpc_unavailable` with the node's message ("execution reverted: …").
    public func estimateGas(from: String, to: String, value: UInt256, data: String) async throws(ChainTransactionError) -> UInt64 {
        let call: [String: Any] = ["from": from, "to": to, "value": EVMRPCResponse.hexQuantity(value), "data": data]
        return try EVMRPCResponse.uint64(try await read("eth_estimateGas", [call]), "the gas estimate")
    }

    /// `eth_maxPriorityFeePerGas`: the tip the node suggests, per gas.
    public func maxPriorityFeePerGas() async throws(ChainTransactionError) -> [UInt8] {
        try EVMRPCResponse.quantity(try await read("eth_maxPriorityFeePerGas", []), "the priority fee")
    }

    /// The latest block's `baseFeePerGas`, by `eth_feeHistory` over that one block.
    public func baseFeePerGas() async throws(ChainTransactionError) -> [UInt8] {
        try EVMRPCResponse.oldestBaseFee(try await read("eth_feeHistory", ["0x1", "latest", [] as [Any]]))
    }

    /// `eth_sendRawTransaction` of the signed bytes (`0x02 ‖ rlp(…)`): the transaction hash,
    /// `0x` + keccak256 of `signed`. A node that already has this very transaction counts as
    /// success, so sending again after a restart is safe: see `broadcast`, which tells the two apart.
    public func sendRawTransaction(_ signed: [UInt8]) async throws(ChainTransactionError) -> String {
        try await broadcast(signed).transactionHash
    }

    /// Sends `signed` and says whether the node took it now or had it already.
    ///
    /// The node has it already when it answers "already known" (it holds the transaction unmined)
    /// or, once it is mined, "nonce too low" while `eth_getTransactionByHash` of its hash finds it:
    /// the same signed bytes sent again after a restart. "Nonce too low" for a transaction the node
    /// does not know is another transaction's nonce: `broadcast_rejected`. Any other JSON-RPC
    /// error is `broadcast_rejected` with the node's message, but for `-32005` (a provider's limit
    /// exceeded: temporary).
    public func broadcast(_ signed: [UInt8]) async throws(ChainTransactionError) -> EVMBroadcastResult {
        let hash = "0x" + Hex.encode(Keccak256.hash(signed))
        switch try await call("eth_sendRawTransaction", ["0x" + Hex.encode(signed)]) {
        case .result(let result):
            let answered = try EVMRPCResponse.hash(result, "the transaction hash")
            guard answered == hash else {
                throw EVMRPCResponse.invalid("the node answered the hash \(answered) for the transaction \(hash)")
            }
            return EVMBroadcastResult(transactionHash: hash, alreadyKnown: false)
        case .error(let code, let message):
            if code == -32005 { throw EVMRPCResponse.unavailable("the node is over a limit: \(message)") }
            if EVMRPCResponse.saysAlreadyKnown(message) {
                return EVMBroadcastResult(transactionHash: hash, alreadyKnown: true)
            }
            if EVMRPCResponse.saysNonceTooHigh(message) {
                throw EVMRPCResponse.unavailable("the node takes it once the transactions before it arrive: \(message)")
            }
            if EVMRPCResponse.saysNonceTooLow(message), try await knowsTransaction(hash) {
                return EVMBroadcastResult(transactionHash: hash, alreadyKnown: true)
            }
            throw ChainTransactionError(code: .broadcastRejected, message: message)
        }
    }

    /// Whether the node knows the transaction `hash`, mined or pending (`eth_getTransactionByHash`).
    public func knowsTransaction(_ hash: String) async throws(ChainTransactionError) -> Bool {
        let result = try await read("eth_getTransactionByHash", [hash])
        if result is NSNull { return false }
        guard result is [String: Any] else { throw EVMRPCResponse.invalid("a transaction that is not an object") }
        return true
    }

    /// `eth_getTransactionReceipt`: nil while the transaction is pending (or unknown to the node).
    public func transactionReceipt(_ hash: String) async throws(ChainTransactionError) -> EVMReceipt? {
        try EVMRPCResponse.receipt(try await read("eth_getTransactionReceipt", [hash]))
    }

    /// A call to a method that reads: its `result`.
    private func read(_ method: String, _ params: [Any]) async throws(ChainTransactionError) -> Any {
        let (status, body) = try await post(method, params)
        return try EVMRPCResponse.result(httpStatus: status, body: body, method: method)
    }

    /// A call whose JSON-RPC error the caller reads.
    private func call(_ method: String, _ params: [Any]) async throws(ChainTransactionError) -> EVMRPCResponse.Answer {
        let (status, body) = try await post(method, params)
        return try EVMRPCResponse.answer(httpStatus: status, body: body, method: method)
    }

    /// One POST: the HTTP status and body, or `evm_rpc_unavailable` for the connection's failures
    /// and time-outs.
    private func post(_ method: String, _ params: [Any]) async throws(ChainTransactionError) -> (Int, [UInt8]) {
        let envelope: [String: Any] = ["jsonrpc": "2.0", "id": 1, "method": method, "params": params]
        let body: Data
        do {
            body = try JSONSerialization.data(withJSONObject: envelope, options: [.sortedKeys, .withoutEscapingSlashes])
        } catch {
            throw EVMRPCResponse.invalid("cannot write the \(method) request: \(error)")
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let (seconds, attoseconds) = timeout.components
            let amount = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
            let response = try await httpClient.execute(request, timeout: amount)
            let bytes = Array(buffer: try await response.body.collect(upTo: Self.maximumResponseBytes))
            return (Int(response.status.code), bytes)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .writeTimeout {
            throw EVMRPCResponse.unavailable("no answer to \(method) from \(url) within \(timeout)")
        } catch let error as NIOTooManyBytesError {
            throw EVMRPCResponse.invalid("the answer to \(method) is over \(Self.maximumResponseBytes) bytes: \(error)")
        } catch {
            throw EVMRPCResponse.unavailable("cannot reach the EVM node \(url) for \(method): \(error)")
        }
    }
}

/// A mined transaction's receipt: whether it succeeded (status 0x1) or reverted (0x0), and its block.
public struct EVMReceipt: Sendable, Hashable {
    public let succeeded: Bool
    public let blockNumber: UInt64

    public init(succeeded: Bool, blockNumber: UInt64) {
        self.succeeded = succeeded
        self.blockNumber = blockNumber
    }
}

/// What `EVMRPCClient.broadcast` did: the transaction's hash, and whether the node had it already
/// (an earlier send of the same bytes: pending, or mined) rather than taking it now.
public struct EVMBroadcastResult: Sendable, Hashable {
    public let transactionHash: String
    public let alreadyKnown: Bool

    public init(transactionHash: String, alreadyKnown: Bool) {
        self.transactionHash = transactionHash
        self.alreadyKnown = alreadyKnown
    }
}
