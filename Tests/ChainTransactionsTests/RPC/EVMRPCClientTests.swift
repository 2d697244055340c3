import AsyncHTTPClient
import ChainmailTestSupport
import ErrorCodes
import Foundation
import Testing

@testable import ChainTransactions

/// EVMRPCClient against a real EVM: scripts/peers/evm_chain.py (eth-tester on py-evm), with
/// transactions signed by eth-account (scripts/peers/evm_sign_tx.py).
@Suite("EVM JSON-RPC client against a local EVM")
struct EVMRPCClientTests {
    static let alice = EVMChainPeer.alice
    static let bob = EVMChainPeer.bob
    static let recipient = "0x4242424242424242424242424242424242424242"

    static func client(_ peer: EVMChainPeer, timeout: Duration = .seconds(10)) -> EVMRPCClient {
        EVMRPCClient(url: peer.url, httpClient: .shared, timeout: timeout)
    }

    static func receipt(_ client: EVMRPCClient, _ hash: String) async throws -> EVMReceipt {
        var receipt: EVMReceipt?
        _ = try await eventually(timeout: .seconds(30)) {
            receipt = try await client.transactionReceipt(hash)
            return receipt != nil
        }
        return try #require(receipt)
    }

    @Test("the peer's own self-test passes: transfers, refusals, the ERC-20 and its revert, faults")
    func peerSelfTest() async throws {
        let output = try await PeerProcess.check(["python3", PeerProcess.script("evm_chain.py"), "--self-test"])
        #expect(output.contains("0 failures"))
    }

    @Test("chainId is the chain id the node was started with, not eth-tester's default")
    func chainId() async throws {
        try await EVMChainPeer.withPeer(chainId: 31337) { peer in
            let chainId = try await Self.client(peer).chainId()
            #expect(chainId == 31337)
        }
        try await EVMChainPeer.withPeer(chainId: 11_155_111) { peer in
            let chainId = try await Self.client(peer).chainId()
            #expect(chainId == 11_155_111)
        }
    }

    @Test("transactionCount: pending counts a transaction held unmined, latest does not")
    func nonce() async throws {
        try await EVMChainPeer.withPeer(autoMine: false) { peer in
            let client = Self.client(peer)
            #expect(try await client.transactionCount(Self.alice.address) == 0)
            let signed = try await peer.sign(Self.alice, nonce: 0, to: Self.recipient, value: "1")
            _ = try await client.sendRawTransaction(signed.bytes)
            #expect(try await client.transactionCount(Self.alice.address) == 1)
            #expect(try await client.transactionCount(Self.alice.address, block: "latest") == 0)
            try await peer.mine()
            #expect(try await client.transactionCount(Self.alice.address, block: "latest") == 1)
        }
    }

    @Test("estimateGas: 21000 for a native transfer, more for an ERC-20 transfer")
    func estimateGas() async throws {
        let token = EVMChainPeer.Token(symbol: "TST", decimals: 6, supply: "1000000000", holder: Self.alice.address)
        try await EVMChainPeer.withPeer(tokens: [token]) { peer in
            let client = Self.client(peer)
            let native = try await client.estimateGas(
                from: Self.alice.address,
                to: Self.recipient,
                value: UInt256(10_000_000_000_000_000),
                data: "0x"
            )
            #expect(native == 21000)
            let tokenAddress = try #require(peer.tokens["TST"])
            let data = EVMChainPeer.transferCalldata(to: Self.bob.address, amount: 5)
            let call = try await client.estimateGas(from: Self.alice.address, to: tokenAddress, value: .zero, data: data)
            #expect(call > 21000 && call < 200_000)
        }
    }

    @Test("fees: the priority fee the node suggests (1 gwei) and the latest block's base fee, as big-endian bytes")
    func fees() async throws {
        try await EVMChainPeer.withPeer { peer in
            let client = Self.client(peer)
            #expect(try await client.maxPriorityFeePerGas() == [0x3b, 0x9a, 0xca, 0x00])
            // The genesis block's base fee is 1 gwei (EIP-1559's initial base fee).
            #expect(try await client.baseFeePerGas() == [0x3b, 0x9a, 0xca, 0x00])
            try await peer.mine()
            // An empty block lowers it by 1/8: 875,000,000 = 0x342770c0.
            #expect(try await client.baseFeePerGas() == [0x34, 0x27, 0x70, 0xc0])
        }
    }

    @Test("a transfer signed by eth-account is sent once, its receipt followed to success, the value arrives")
    func sendAndConfirm() async throws {
        try await EVMChainPeer.withPeer { peer in
            let client = Self.client(peer)
            let signed = try await peer.sign(Self.alice, nonce: 0, to: Self.recipient, value: "1500000000000000000")
            let hash = try await client.sendRawTransaction(signed.bytes)
            #expect(hash == signed.transactionHash)
            let receipt = try await Self.receipt(client, hash)
            #expect(receipt.succeeded)
            #expect(receipt.blockNumber >= 1)
            #expect(try await peer.balance(Self.recipient) == "1500000000000000000")
            let stats = try await peer.stats()
            #expect(stats["sendRawTransaction"] as? Int == 1)
            #expect(stats["distinctTransactions"] as? Int == 1)
        }
    }

    @Test("a transaction held in the pending block has no receipt until it is mined")
    func pendingReceipt() async throws {
        try await EVMChainPeer.withPeer(autoMine: false) { peer in
            let client = Self.client(peer)
            let signed = try await peer.sign(Self.alice, nonce: 0, to: Self.recipient, value: "7")
            let hash = try await client.sendRawTransaction(signed.bytes)
            #expect(try await client.transactionReceipt(hash) == nil)
            #expect(try await client.knowsTransaction(hash))
            try await peer.mine()
            #expect(try await client.transactionReceipt(hash)?.succeeded == true)
        }
    }

    @Test("another transaction with a used nonce is broadcast_rejected with the node's message, permanent")
    func nonceTooLow() async throws {
        try await EVMChainPeer.withPeer { peer in
            let client = Self.client(peer)
            let first = try await peer.sign(Self.alice, nonce: 0, to: Self.recipient, value: "1")
            _ = try await client.sendRawTransaction(first.bytes)
            let other = try await peer.sign(Self.alice, nonce: 0, to: Self.recipient, value: "2")
            let error = try await #require(throws: ChainTransactionError.self) { try await client.sendRawTransaction(other.bytes) }
            #expect(error.code == .broadcastRejected)
            #expect(!error.isTemporary)
            #expect(error.message == "nonce too low: address 0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A, tx: 0 state: 1")
            #expect(try await client.transactionReceipt(other.transactionHash) == nil)
        }
    }

    @Test("insufficient funds is broadcast_rejected with geth's words")
    func insufficientFunds() async throws {
        try await EVMChainPeer.withPeer(funding: [Self.alice.address: "1000000"]) { peer in
            let signed = try await peer.sign(Self.alice, nonce: 0, to: Self.recipient, value: "1")
            let error = try await #require(throws: ChainTransactionError.self) {
                try await Self.client(peer).sendRawTransaction(signed.bytes)
            }
            #expect(error.code == .broadcastRejected)
            #expect(
                error.message.hasPrefix(
                    "insufficient funds for gas * price + value: address 0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A have 1000000 want "
                )
            )
        }
    }

    @Test("the same bytes sent again are recognised as already sent: pending (already known) and mined (nonce too low, hash found)")
    func alreadyKnown() async throws {
        try await EVMChainPeer.withPeer(autoMine: false) { peer in
            let client = Self.client(peer)
            let signed = try await peer.sign(Self.alice, nonce: 0, to: Self.recipient, value: "3")
            let first = try await client.broadcast(signed.bytes)
            #expect(first == EVMBroadcastResult(transactionHash: signed.transactionHash, alreadyKnown: false))
            // Held unmined: geth's "already known".
            let pending = try await client.broadcast(signed.bytes)
            #expect(pending == EVMBroadcastResult(transactionHash: signed.transactionHash, alreadyKnown: true))
            // Mined, then sent again as a broadcaster restarted would: "nonce too low", but the hash is in the chain.
            try await peer.mine()
            let mined = try await client.broadcast(signed.bytes)
            #expect(mined == EVMBroadcastResult(transactionHash: signed.transactionHash, alreadyKnown: true))
            #expect(try await client.sendRawTransaction(signed.bytes) == signed.transactionHash)
            #expect(try await client.transactionReceipt(signed.transactionHash)?.succeeded == true)
            let stats = try await peer.stats()
            #expect(stats["sendRawTransaction"] as? Int == 4)
            #expect(stats["distinctTransactions"] as? Int == 1)
            #expect(stats["accepted"] as? Int == 1)
            #expect(try await peer.balance(Self.recipient) == "3")
        }
    }

    @Test("after a restart of the node on its state, the transaction sent before is already known, and its receipt is there")
    func restartedNode() async throws {
        try await EVMChainPeer.withPeer(blockTime: 0.3, keepsState: true) { peer in
            let client = Self.client(peer)
            let signed = try await peer.sign(Self.alice, nonce: 0, to: Self.recipient, value: "5")
            #expect(try await client.broadcast(signed.bytes).alreadyKnown == false)
            #expect(try await Self.receipt(client, signed.transactionHash).succeeded)
            peer.stop()
            try await Task.sleep(for: .milliseconds(300))
            try await peer.start()
            let again = try await client.broadcast(signed.bytes)
            #expect(again == EVMBroadcastResult(transactionHash: signed.transactionHash, alreadyKnown: true))
            #expect(try await client.transactionReceipt(signed.transactionHash)?.succeeded == true)
            #expect(try await client.transactionCount(Self.alice.address) == 1)
            let stats = try await peer.stats()
            #expect(stats["accepted"] as? Int == 0)
        }
    }

    @Test("an ERC-20 transfer beyond the balance is mined and reverts: succeeded false; one within it succeeds")
    func revert() async throws {
        let token = EVMChainPeer.Token(symbol: "USDT", decimals: 6, supply: "1000", holder: Self.alice.address)
        try await EVMChainPeer.withPeer(tokens: [token]) { peer in
            let client = Self.client(peer)
            let tokenAddress = try #require(peer.tokens["USDT"])
            let good = try await peer.sign(
                Self.alice,
                nonce: 0,
                to: tokenAddress,
                data: EVMChainPeer.transferCalldata(to: Self.bob.address, amount: 400),
                gasLimit: 100_000
            )
            #expect(try await Self.receipt(client, try await client.sendRawTransaction(good.bytes)).succeeded)
            #expect(try await peer.tokenBalance(tokenAddress, of: Self.bob.address) == "400")
            let tooMuch = try await peer.sign(
                Self.alice,
                nonce: 1,
                to: tokenAddress,
                data: EVMChainPeer.transferCalldata(to: Self.bob.address, amount: 601),
                gasLimit: 100_000
            )
            let receipt = try await Self.receipt(client, try await client.sendRawTransaction(tooMuch.bytes))
            #expect(!receipt.succeeded)
            #expect(try await peer.tokenBalance(tokenAddress, of: Self.alice.address) == "600")
            #expect(try await client.transactionCount(Self.alice.address, block: "latest") == 2)
        }
    }

    @Test("estimateGas of a call that reverts is evm_rpc_unavailable with the node's reason")
    func estimateReverts() async throws {
        let token = EVMChainPeer.Token(symbol: "TST", decimals: 0, supply: "10", holder: Self.alice.address)
        try await EVMChainPeer.withPeer(tokens: [token]) { peer in
            let tokenAddress = try #require(peer.tokens["TST"])
            let error = try await #require(throws: ChainTransactionError.self) {
                try await Self.client(peer).estimateGas(
                    from: Self.bob.address,
                    to: tokenAddress,
                    value: .zero,
                    data: EVMChainPeer.transferCalldata(to: Self.alice.address, amount: 1)
                )
            }
            #expect(error.code == .evmRpcUnavailable)
            #expect(error.message.contains("execution reverted"))
        }
    }

    @Test("a rejection the node gives is broadcast_rejected verbatim, cut to 500 characters; -32005 is temporary")
    func rejectionMessage() async throws {
        try await EVMChainPeer.withPeer { peer in
            let client = Self.client(peer)
            let signed = try await peer.sign(Self.alice, nonce: 0, to: Self.recipient, value: "1")
            try await peer.rejectNext("replacement transaction underpriced")
            let underpriced = try await #require(throws: ChainTransactionError.self) { try await client.sendRawTransaction(signed.bytes) }
            #expect(underpriced.code == .broadcastRejected)
            #expect(underpriced.message == "replacement transaction underpriced")
            let long = "transaction refused: " + String(repeating: "x", count: 2000)
            try await peer.rejectNext(long)
            let cut = try await #require(throws: ChainTransactionError.self) { try await client.sendRawTransaction(signed.bytes) }
            #expect(cut.code == .broadcastRejected)
            #expect(cut.message.count == 500)
            #expect(cut.message.hasPrefix("transaction refused: xxx"))
            try await peer.setGarbage(#"{"jsonrpc":"2.0","id":1,"error":{"code":-32005,"message":"daily request count exceeded"}}"#)
            let limited = try await #require(throws: ChainTransactionError.self) { try await client.sendRawTransaction(signed.bytes) }
            #expect(limited.code == .evmRpcUnavailable)
            #expect(limited.isTemporary)
            #expect(try await client.sendRawTransaction(signed.bytes) == signed.transactionHash)
        }
    }

    @Test("a node that is down is evm_rpc_unavailable, temporary: HTTP 503, a closed connection, a time-out, nothing listening")
    func nodeDown() async throws {
        try await EVMChainPeer.withPeer { peer in
            let client = Self.client(peer, timeout: .seconds(2))
            let signed = try await peer.sign(Self.alice, nonce: 0, to: Self.recipient, value: "1")
            try await peer.setDown(seconds: 60)
            for attempt in 0..<2 {
                let error = try await #require(throws: ChainTransactionError.self) {
                    if attempt == 0 { _ = try await client.chainId() } else { _ = try await client.sendRawTransaction(signed.bytes) }
                }
                #expect(error.code == .evmRpcUnavailable)
                #expect(error.isTemporary)
                #expect(error.message.contains("503"))
            }
            try await peer.setDown(seconds: 60, mode: "close")
            let closed = try await #require(throws: ChainTransactionError.self) { try await client.sendRawTransaction(signed.bytes) }
            #expect(closed.code == .evmRpcUnavailable)
            try await peer.setDown(seconds: 0)
            try await peer.setDelay(seconds: 4)
            let slow = try await #require(throws: ChainTransactionError.self) { try await client.chainId() }
            #expect(slow.code == .evmRpcUnavailable)
            #expect(slow.message.contains("within"))
            try await peer.setDelay(seconds: 0)
            // Nothing was sent while it was down: the transaction goes through now (a patient
            // client: two shared cores and a whole test run may slow the node).
            #expect(try await Self.client(peer).sendRawTransaction(signed.bytes) == signed.transactionHash)
            let stats = try await peer.stats()
            #expect(stats["distinctTransactions"] as? Int == 1)
            peer.stop()
            try await Task.sleep(for: .milliseconds(500))
            let gone = try await #require(throws: ChainTransactionError.self) { try await client.chainId() }
            #expect(gone.code == .evmRpcUnavailable)
        }
    }

    @Test("an answer that is not JSON-RPC is evm_rpc_invalid_response")
    func garbage() async throws {
        try await EVMChainPeer.withPeer { peer in
            let client = Self.client(peer)
            try await peer.setGarbage("<html>gateway</html>")
            let html = try await #require(throws: ChainTransactionError.self) { try await client.chainId() }
            #expect(html.code == .evmRpcInvalidResponse)
            try await peer.setGarbage(#"{"jsonrpc":"2.0","id":1,"result":"twelve"}"#)
            let notQuantity = try await #require(throws: ChainTransactionError.self) { try await client.transactionCount(Self.alice.address) }
            #expect(notQuantity.code == .evmRpcInvalidResponse)
            try await peer.setGarbage(#"{"jsonrpc":"2.0","id":1,"result":"0x1234"}"#)
            let signed = try await peer.sign(Self.alice, nonce: 0, to: Self.recipient, value: "1")
            let wrongHash = try await #require(throws: ChainTransactionError.self) { try await client.sendRawTransaction(signed.bytes) }
            #expect(wrongHash.code == .evmRpcInvalidResponse)
            try await peer.setGarbage(#"{"jsonrpc":"2.0","id":1,"result":{"blockNumber":"0x2","status":"0x7"}}"#)
            let badStatus = try await #require(throws: ChainTransactionError.self) { try await client.transactionReceipt(signed.transactionHash) }
            #expect(badStatus.code == .evmRpcInvalidResponse)
            #expect(try await client.chainId() == 31337)
        }
    }
}

/// EVMRPCResponse without a node: quantities, receipts and the node's words.
@Suite("EVM JSON-RPC answers")
struct EVMRPCResponseTests {
    @Test("hex quantities become big-endian bytes without leading zeros; zero is empty")
    func quantities() throws {
        #expect(try EVMRPCResponse.quantity("0x0", "q") == [])
        #expect(try EVMRPCResponse.quantity("0x1", "q") == [1])
        #expect(try EVMRPCResponse.quantity("0x100", "q") == [1, 0])
        #expect(try EVMRPCResponse.quantity("0x000abc", "q") == [0x0a, 0xbc])
        #expect(try EVMRPCResponse.quantity("0x" + String(repeating: "f", count: 64), "q") == [UInt8](repeating: 0xff, count: 32))
        for bad: Any in ["0x", "12", "0xg1", "0x" + String(repeating: "1", count: 65), 12] {
            #expect(throws: ChainTransactionError.self) { try EVMRPCResponse.quantity(bad, "q") }
        }
        #expect(try EVMRPCResponse.uint64("0xffffffffffffffff", "q") == UInt64.max)
        #expect(throws: ChainTransactionError.self) { try EVMRPCResponse.uint64("0x10000000000000000", "q") }
    }

    @Test("receipts: null and a receipt without a block are pending; status 0x1 and 0x0")
    func receipts() throws {
        #expect(try EVMRPCResponse.receipt(NSNull()) == nil)
        #expect(try EVMRPCResponse.receipt(["blockNumber": NSNull(), "status": "0x1"]) == nil)
        #expect(try EVMRPCResponse.receipt(["blockNumber": "0x10", "status": "0x1"]) == EVMReceipt(succeeded: true, blockNumber: 16))
        #expect(try EVMRPCResponse.receipt(["blockNumber": "0x10", "status": "0x0"]) == EVMReceipt(succeeded: false, blockNumber: 16))
        #expect(throws: ChainTransactionError.self) { try EVMRPCResponse.receipt(["blockNumber": "0x10"]) }
    }

    @Test("the nodes' words for a transaction they have, and for a used nonce")
    func words() {
        for known in [
            "already known", "known transaction: 0xabc", "ALREADY_EXISTS: already known", "AlreadyKnown",
            "Transaction with the same hash was already imported.", "TRANSACTION_ALREADY_KNOWN",
        ] {
            #expect(EVMRPCResponse.saysAlreadyKnown(known), "\(known)")
        }
        for other in ["replacement transaction underpriced", "unknown transaction type", "transaction type not supported"] {
            #expect(!EVMRPCResponse.saysAlreadyKnown(other), "\(other)")
        }
        for low in ["nonce too low: address 0x1, tx: 0 state: 1", "NONCE_TOO_LOW", "OldNonce, Current nonce: 3, nonce of rejected tx: 1"] {
            #expect(EVMRPCResponse.saysNonceTooLow(low), "\(low)")
        }
        #expect(!EVMRPCResponse.saysNonceTooLow("nonce too high"))
    }

    @Test("HTTP 5xx and 429 are unavailable whatever the body; a result with another status is invalid")
    func statuses() {
        for status in [429, 500, 502, 503] {
            #expect(throws: ChainTransactionError(code: .evmRpcUnavailable, message: "")) {
                try EVMRPCResponse.answer(httpStatus: status, body: Array(#"{"jsonrpc":"2.0","id":1,"result":"0x1"}"#.utf8), method: "m")
            }
        }
        #expect(throws: ChainTransactionError(code: .evmRpcInvalidResponse, message: "")) {
            try EVMRPCResponse.answer(httpStatus: 404, body: Array("not found".utf8), method: "m")
        }
        #expect(throws: ChainTransactionError(code: .evmRpcInvalidResponse, message: "")) {
            try EVMRPCResponse.answer(httpStatus: 200, body: Array(#"{"id":1,"result":"0x1"}"#.utf8), method: "m")
        }
    }
}
