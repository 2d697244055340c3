import CSecp256k1
import ChainSigner
import ErrorCodes
import Testing

@testable import ChainTransactions

@Suite("BitcoinTransaction parsing and signing")
struct BitcoinTransactionTests {
    private func expectRefused(
        _ code: ErrorCode,
        _ reason: String,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ make: () throws(ChainTransactionError) -> BitcoinTransaction
    ) {
        do {
            _ = try make()
            Issue.record("expected \(code) but the transaction was accepted", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(reason), "\(error.message)", sourceLocation: sourceLocation)
        }
    }

    @Test("the sample parses with its totals, fee, payloads and base64")
    func sample() throws {
        let builder = PSBTBuilder.sample()
        let transaction = try builder.transaction()
        #expect(transaction.network == .regtest)
        #expect(transaction.from == PSBTBuilder.from)
        #expect(transaction.fromScript == PSBTBuilder.fromScript)
        #expect(transaction.inputTotal == 1_500_000)
        #expect(transaction.outputTotal == 1_490_000)
        #expect(transaction.fee == 10_000)
        #expect(transaction.signingPayloads.count == 2)
        #expect(transaction.signingPayloads.allSatisfy { $0.count == 32 })
        #expect(transaction.psbtBase64 == builder.base64)
        #expect(try BitcoinTransaction(network: "regtest", from: transaction.from, path: "bitcoin,1", psbt: transaction.psbtBase64) == transaction)
    }

    @Test("a network other than the four is chain_unknown")
    func network() {
        for name in ["mainnet", "Bitcoin", "", "testnet4"] {
            expectRefused(.chainUnknown, "is not bitcoin, testnet, signet or regtest") { () throws(ChainTransactionError) in
                try PSBTBuilder.sample().transaction(network: name)
            }
        }
    }

    @Test("from must be a P2WPKH address with the network's own prefix, else from_mismatch")
    func fromAddress() throws {
        let hash = PSBTBuilder.fromHash
        let testnet = try Bech32.encodeSegwitAddress(humanReadablePart: "tb", witnessVersion: 0, witnessProgram: hash)
        let mainnet = try Bech32.encodeSegwitAddress(humanReadablePart: "bc", witnessVersion: 0, witnessProgram: hash)
        let p2wsh = try Bech32.encodeSegwitAddress(humanReadablePart: "bcrt", witnessVersion: 0, witnessProgram: [UInt8](repeating: 1, count: 32))
        let p2tr = try Bech32.encodeSegwitAddress(humanReadablePart: "bcrt", witnessVersion: 1, witnessProgram: [UInt8](repeating: 1, count: 32))
        let cases: [(String, String)] = [
            ("regtest", testnet), ("regtest", mainnet), ("testnet", PSBTBuilder.from), ("bitcoin", testnet), ("signet", mainnet),
            ("regtest", p2wsh), ("regtest", p2tr), ("regtest", "not an address"), ("regtest", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"),
        ]
        for (network, from) in cases {
            expectRefused(.fromMismatch, "is not a P2WPKH address") { () throws(ChainTransactionError) in
                try PSBTBuilder.sample().transaction(network: network, from: from)
            }
        }
        // The same key on testnet and signet (both tb), and an upper-case address, which is kept lowercase.
        let builder = PSBTBuilder.sample()
        #expect(try builder.transaction(network: "regtest", from: PSBTBuilder.from.uppercased()).from == PSBTBuilder.from)
        #expect(try builder.transaction(network: "signet", from: testnet).network == .signet)
        #expect(try builder.transaction(network: "testnet", from: testnet).from == testnet)
        #expect(try builder.transaction(network: "bitcoin", from: mainnet).network == .bitcoin)
    }

    @Test("a path over 512 UTF-8 bytes is invalid_transaction")
    func path() throws {
        #expect(try PSBTBuilder.sample().transaction(path: String(repeating: "a", count: 512)).path.count == 512)
        expectRefused(.invalidTransaction, "path is at most 512 bytes") { () throws(ChainTransactionError) in
            try PSBTBuilder.sample().transaction(path: String(repeating: "é", count: 257))
        }
    }

    @Test("an input paying another script is psbt_invalid naming what it pays")
    func inputNotFrom() throws {
        var builder = PSBTBuilder.sample()
        builder.inputMaps[1] = [([0x01], BitcoinOutput(value: 500_000, script: PSBTBuilder.otherScript).serialized)]
        let other = PSBTBuilder.address(PSBTBuilder.otherScript)
        expectRefused(.psbtInvalid, "input 2 pays \(other), not from") { () throws(ChainTransactionError) in try builder.transaction() }
        builder.inputMaps[1] = [([0x01], BitcoinOutput(value: 500_000, script: [0x6a, 0x01, 0x02]).serialized)]
        expectRefused(.psbtInvalid, "input 2 pays script 6a0102, not from") { () throws(ChainTransactionError) in try builder.transaction() }
    }

    @Test("outputs above the inputs are psbt_invalid with both amounts; equal totals (no fee) are accepted")
    func outputsAboveInputs() throws {
        var builder = PSBTBuilder.sample()
        builder.outputs[1] = BitcoinOutput(value: 510_000, script: PSBTBuilder.fromScript)
        expectRefused(.psbtInvalid, "outputs (0.0151 BTC) are above the inputs (0.015 BTC)") { () throws(ChainTransactionError) in
            try builder.transaction()
        }
        builder.outputs[1] = BitcoinOutput(value: 500_000, script: PSBTBuilder.fromScript)
        #expect(try builder.transaction().fee == 0)
    }

    @Test("inputs adding up to more than 21000000 BTC are psbt_invalid")
    func inputsAboveMaxMoney() {
        var builder = PSBTBuilder()
        builder.addInput(value: BitcoinOutput.maxMoney)
        builder.addInput(value: 1)
        builder.addOutput(value: 1, script: PSBTBuilder.otherScript)
        expectRefused(.psbtInvalid, "the inputs add up to more than 21000000 BTC") { () throws(ChainTransactionError) in
            try builder.transaction()
        }
    }

    @Test("PSBT errors reach the caller as psbt_invalid")
    func psbtErrors() {
        expectRefused(.psbtInvalid, "base64") { () throws(ChainTransactionError) in
            try BitcoinTransaction(network: "regtest", from: PSBTBuilder.from, path: "p", psbt: "%%%")
        }
    }

    @Test("DER encodes r and s minimally, with a zero byte before a set top bit")
    func der() {
        let r = [UInt8](repeating: 0x80, count: 32)
        let s = [0x00, 0x00, 0x7f] + [UInt8](repeating: 0x01, count: 29)
        let der = DERSignature.encode(r: r, s: s)
        #expect(der == [0x30, 0x43, 0x02, 0x21, 0x00] + r + [0x02, 0x1e, 0x7f] + [UInt8](repeating: 0x01, count: 29))
        #expect(DERSignature.integer([0, 0]) == [0x02, 0x01, 0x00])
    }

    @Test("signing: witnesses are [DER ‖ 0x01, key], each signature verifies its BIP-143 payload, txid and sizes as Bitcoin Core computes them")
    func signing() throws {
        let secret = [UInt8](repeating: 0x42, count: 32)
        let key = try Secp256k1PublicKey(secretKey: secret)
        let hash = ChainAddress.bitcoinHash160(key)
        let from = ChainAddress.bitcoinP2WPKH(key, humanReadablePart: "bcrt")
        var builder = PSBTBuilder()
        builder.addInput(value: 100_000, script: [0x00, 0x14] + hash)
        builder.addInput(value: 50_000, script: [0x00, 0x14] + hash, sequence: 0xffff_ffff)
        builder.addOutput(value: 120_000, script: PSBTBuilder.otherScript)
        builder.addOutput(value: 29_000, script: [0x00, 0x14] + hash)
        builder.lockTime = 800_000
        let transaction = try builder.transaction(from: from)
        let signatures = try transaction.signingPayloads.map { payload in
            let signature = try Secp256k1.sign(digest: payload, secretKey: secret)
            return (r: signature.r, s: signature.s)
        }
        let signed = transaction.signed(signatures: signatures, publicKey: key.compressed)

        let stripped = builder.unsignedTransaction.serialized
        #expect(signed.txid == BitcoinSerialization.doubleSHA256(stripped).reversed().hexString)
        #expect(signed.weight == stripped.count * 3 + signed.bytes.count)
        #expect(signed.virtualSize == (signed.weight + 3) / 4)
        #expect(signed.virtualSize <= transaction.estimatedVirtualSize)
        #expect(transaction.estimatedVirtualSize - signed.virtualSize <= 1)
        #expect(Array(signed.bytes.prefix(6)) == [2, 0, 0, 0, 0x00, 0x01])
        #expect(Array(signed.bytes.suffix(4)) == BitcoinSerialization.uint32(800_000))

        // Read the witnesses back: they follow the stripped body (after version, marker and flag).
        var reader = BitcoinByteReader(signed.bytes, from: 6 + stripped.count - 8, to: signed.bytes.count - 4)
        for payload in transaction.signingPayloads {
            #expect(try reader.compactSize("items") == 2)
            let signatureLength = try reader.compactSize("signature")
            let signature = try reader.read(signatureLength, "signature")
            let keyLength = try reader.compactSize("key")
            let publicKey = try reader.read(keyLength, "key")
            #expect(signature.last == 0x01)
            #expect(publicKey == key.compressed)
            #expect(Self.verify(der: Array(signature.dropLast()), payload: payload, publicKey: publicKey))
        }
        #expect(reader.isAtEnd)
    }

    /// libsecp256k1's own DER parser and verifier: the independent check of what Bitcoin nodes accept.
    static func verify(der: [UInt8], payload: [UInt8], publicKey: [UInt8]) -> Bool {
        guard let context = secp256k1_context_create(chainmail_secp256k1_context_none()) else { return false }
        defer { secp256k1_context_destroy(context) }
        var signature = secp256k1_ecdsa_signature()
        var key = secp256k1_pubkey()
        guard secp256k1_ecdsa_signature_parse_der(context, &signature, der, der.count) == 1,
            secp256k1_ec_pubkey_parse(context, &key, publicKey, publicKey.count) == 1
        else { return false }
        // Nodes also require low-s: normalising must leave the signature unchanged.
        var normalised = secp256k1_ecdsa_signature()
        guard secp256k1_ecdsa_signature_normalize(context, &normalised, &signature) == 0 else { return false }
        return secp256k1_ecdsa_verify(context, &signature, payload, &key) == 1
    }
}
