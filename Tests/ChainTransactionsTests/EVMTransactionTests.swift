import ChainSigner
import ErrorCodes
import Testing

@testable import ChainTransactions

@Suite("EVMTransaction parsing")
struct EVMTransactionTests {
    private func expectRefused(_ code: ErrorCode, _ make: () throws(ChainTransactionError) -> EVMTransaction) {
        do {
            _ = try make()
            Issue.record("expected \(code) but the transaction was accepted")
        } catch {
            #expect(error.code == code, "\(error)")
        }
    }

    @Test("the protocol's example parses, with its fee bound")
    func example() throws {
        let transaction = try EVMTransaction.sample()
        #expect(transaction.chainId == 11_155_111)
        #expect(transaction.value == UInt256(1_500_000_000_000_000_000))
        #expect(transaction.maximumFee == UInt256(630_000_000_000_000))
        #expect(transaction.data.isEmpty)
        #expect(transaction.to.checksummed == EVMTransaction.sampleTo)
        #expect(transaction.signingPayload.count == 32)
    }

    @Test("chain ids outside 1…2^53−1, nonces and gas limits of 2^53 are invalid_transaction")
    func integerRanges() throws {
        expectRefused(.invalidTransaction) { () throws(ChainTransactionError) in try .sample(chainId: 0) }
        expectRefused(.invalidTransaction) { () throws(ChainTransactionError) in try .sample(chainId: 1 << 53) }
        expectRefused(.invalidTransaction) { () throws(ChainTransactionError) in try .sample(nonce: 1 << 53) }
        expectRefused(.invalidTransaction) { () throws(ChainTransactionError) in try .sample(gasLimit: 1 << 53) }
        #expect(try EVMTransaction.sample(chainId: (1 << 53) - 1, nonce: (1 << 53) - 1, gasLimit: (1 << 53) - 1).nonce == (1 << 53) - 1)
    }

    @Test("a missing to is contract_creation_refused; bad addresses keep their codes")
    func addresses() {
        expectRefused(.contractCreationRefused) { () throws(ChainTransactionError) in try .sample(to: nil) }
        expectRefused(.invalidAddress) { () throws(ChainTransactionError) in try .sample(to: "0x") }
        expectRefused(.addressChecksumInvalid) { () throws(ChainTransactionError) in
            try .sample(to: "0xFB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")
        }
        expectRefused(.addressChecksumInvalid) { () throws(ChainTransactionError) in
            try .sample(from: "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
        }
    }

    @Test("amounts follow the decimal rules; priority above max is fee_invalid; gas × max fee ≥ 2^256 is amount_out_of_range")
    func amounts() throws {
        expectRefused(.amountInvalid) { () throws(ChainTransactionError) in try .sample(value: "1.5") }
        expectRefused(.amountInvalid) { () throws(ChainTransactionError) in try .sample(maxFeePerGas: "01") }
        expectRefused(.amountInvalid) { () throws(ChainTransactionError) in try .sample(maxPriorityFeePerGas: "-1") }
        expectRefused(.amountOutOfRange) { () throws(ChainTransactionError) in try .sample(value: UInt256Tests.twoTo256) }
        expectRefused(.feeInvalid) { () throws(ChainTransactionError) in try .sample(maxFeePerGas: "10", maxPriorityFeePerGas: "11") }
        expectRefused(.amountOutOfRange) { () throws(ChainTransactionError) in
            try .sample(
                gasLimit: 2,
                maxFeePerGas: "57896044618658097711785492504343953926634992332820282019728792003956564819968",
                maxPriorityFeePerGas: "0"
            )
        }
        let edge = try EVMTransaction.sample(
            gasLimit: 1,
            maxFeePerGas: UInt256Tests.max,
            maxPriorityFeePerGas: UInt256Tests.max
        )
        #expect(edge.maximumFee == .max)
        #expect(try EVMTransaction.sample(value: "0").value == .zero)
    }

    @Test("data is 0x and even hex, at most 65,536 bytes; larger is data_too_large before decoding")
    func data() throws {
        expectRefused(.invalidTransaction) { () throws(ChainTransactionError) in try .sample(data: "") }
        expectRefused(.invalidTransaction) { () throws(ChainTransactionError) in try .sample(data: "0x1") }
        expectRefused(.invalidTransaction) { () throws(ChainTransactionError) in try .sample(data: "abcd") }
        expectRefused(.invalidTransaction) { () throws(ChainTransactionError) in try .sample(data: "0xzz") }
        expectRefused(.dataTooLarge) { () throws(ChainTransactionError) in
            try .sample(data: "0x" + String(repeating: "ab", count: EVMTransaction.maxDataBytes + 1))
        }
        expectRefused(.dataTooLarge) { () throws(ChainTransactionError) in
            try .sample(data: "0x" + String(repeating: "z", count: 1_000_000))
        }
        let largest = try EVMTransaction.sample(data: "0x" + String(repeating: "AB", count: EVMTransaction.maxDataBytes))
        #expect(largest.data.count == EVMTransaction.maxDataBytes)
        #expect(try EVMTransaction.sample(data: "0xa9059cbb").data == [0xA9, 0x05, 0x9C, 0xBB])
    }

    @Test("a path is at most 512 bytes")
    func path() throws {
        expectRefused(.invalidTransaction) { () throws(ChainTransactionError) in try .sample(path: String(repeating: "é", count: 257)) }
        #expect(try EVMTransaction.sample(path: String(repeating: "a", count: 512)).path.utf8.count == 512)
    }

    @Test("the signed transaction drops leading zeros of r and s and writes yParity 0 as the empty string")
    func signedShape() throws {
        let transaction = try EVMTransaction.sample()
        let r = [0, 0] + [UInt8](repeating: 7, count: 30)
        let s = [UInt8](repeating: 9, count: 32)
        let signed = transaction.signedTransaction(r: r, s: s, yParity: 0)
        #expect(signed.first == 0x02)
        let unsigned = RLP.encode(transaction.unsignedPayloadFields)
        // The tail: yParity 0 (0x80), r in 30 bytes (0x9e …), s in 32 bytes (0xa0 …).
        #expect(Array(signed.suffix(1 + 31 + 33)) == [0x80, 0x9E] + [UInt8](repeating: 7, count: 30) + [0xA0] + s)
        // 0x02, a long list prefix (0xf8 or 0xf9 and the length), the nine fields, then the signature.
        #expect(
            signed.dropFirst().dropFirst(2).starts(with: unsigned.dropFirst(1)) || signed.dropFirst().dropFirst(3).starts(with: unsigned.dropFirst(1))
        )
        #expect(EVMTransaction.transactionHash(ofSigned: signed) == Keccak256.hash(signed))
    }
}
