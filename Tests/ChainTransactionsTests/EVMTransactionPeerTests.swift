import ChainSigner
import ChainmailTestSupport
import Testing

@testable import ChainTransactions

/// 200 random transactions signed here and checked by eth-account (scripts/peers/check_evm_transactions.py),
/// which shares none of chainmail's RLP, Keccak or signing code.
@Suite("EVMTransaction against eth-account")
struct EVMTransactionPeerTests {
    static let count = 200

    @Test("200 random EIP-1559 transactions match eth-account byte for byte and recover to the signer")
    func crossCheck() async throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SeededGenerator(seed: seed)
        var secret = random.bytes(32)
        while !Secp256k1.isValidScalar(secret) { secret = random.bytes(32) }
        var input: [UInt8] = []
        for index in 0..<Self.count {
            input += Array(try Self.caseLine(index: index, secret: secret, random: &random).utf8) + [0x0A]
        }
        let output = try await PythonPeer.run("check_evm_transactions.py", bytes: input)
        let verdicts = String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(verdicts.count == Self.count, "seed \(seed)")
        for (index, verdict) in verdicts.enumerated() {
            #expect(verdict == "ok \(index)", "seed \(seed)")
        }
    }

    /// One random transaction, signed with `secret`, as a JSON line for the peer.
    static func caseLine(index: Int, secret: [UInt8], random: inout SeededGenerator) throws -> String {
        let chainId = index == 0 ? (1 << 53) - 1 : UInt64.random(in: 1..<(1 << 53), using: &random)
        let nonce = index == 1 ? (1 << 53) - 1 : UInt64.random(in: 0..<(1 << 53), using: &random)
        let value: UInt256 =
            switch index % 10 {
            case 0: .zero
            case 1: .max
            default: randomAmount(maxBits: 256, random: &random)
            }
        let gasLimit = index % 7 == 0 ? 21_000 : UInt64.random(in: 0..<(1 << 53), using: &random)
        let gasBits = 64 - gasLimit.leadingZeroBitCount
        var maxFee = randomAmount(maxBits: 256 - gasBits, random: &random)
        if index == 2 { maxFee = .zero }
        var priority = randomAmount(maxBits: 256 - gasBits, random: &random)
        if priority > maxFee || index == 3 { priority = maxFee }
        let data = random.bytes(index == 4 ? 300 : Int.random(in: 0...300, using: &random))
        let to = random.bytes(20)
        let from = try EVMAddress(ChainAddress.evm(Secp256k1PublicKey(secretKey: secret)))
        let transaction = try EVMTransaction(
            chainId: chainId,
            from: from.checksummed,
            path: "ethereum,\(index)",
            nonce: nonce,
            to: "0x" + to.hexString,
            value: value.decimalString,
            data: "0x" + data.hexString,
            gasLimit: gasLimit,
            maxFeePerGas: maxFee.decimalString,
            maxPriorityFeePerGas: priority.decimalString
        )
        let signature = try Secp256k1.sign(digest: transaction.signingPayload, secretKey: secret)
        let signed = transaction.signedTransaction(r: signature.r, s: signature.s, yParity: signature.v)
        let fields =
            #"{"chainId":\#(chainId),"nonce":\#(nonce),"maxPriorityFeePerGas":"\#(priority)","maxFeePerGas":"\#(maxFee)","#
            + #""gas":\#(gasLimit),"to":"0x\#(to.hexString)","value":"\#(value)","data":"0x\#(data.hexString)"}"#
        return #"{"fields":\#(fields),"secretKey":"\#(secret.hexString)","signingPayload":"\#(transaction.signingPayload.hexString)","#
            + #""signedTransaction":"\#(signed.hexString)","transactionHash":"\#(EVMTransaction.transactionHash(ofSigned: signed).hexString)"}"#
    }

    /// A random amount of at most `maxBits` bits, its width itself random so small and large values both occur.
    static func randomAmount(maxBits: Int, random: inout SeededGenerator) -> UInt256 {
        guard maxBits > 0 else { return .zero }
        let bits = Int.random(in: 0...maxBits, using: &random)
        let bytes = random.bytes(32)
        // Keep `bits` bits: shift right by 256 − bits, whole bytes first, then the bits left over.
        let drop = 256 - bits
        let shifted = [UInt8](repeating: 0, count: drop / 8) + bytes.prefix(32 - drop / 8)
        let value = UInt256(bigEndian: shifted) ?? .zero
        let (quotient, _) = value.quotientAndRemainder(dividingBy: UInt64(1) << UInt64(drop % 8))
        return quotient
    }
}
