import ChainSigner
import Testing

@testable import ChainTransactions

@Suite("BIP-143 signature hashes")
struct BitcoinSighashTests {
    /// BIP-143's "Native P2WPKH" example: the unsigned transaction, input 1 spending 6 BTC from
    /// 00141d0f172a0ecb48aee1be1f2687d2963ae33f71a1.
    static let unsignedHex =
        "0100000002fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f0000000000eeffffff"
        + "ef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a0100000000ffffffff"
        + "02202cb206000000001976a9148280b37df378db99f66f85c95a783a76ac7a6d5988ac"
        + "9093510d000000001976a9143bde42dbee7e4dbe6a21b2d50ce2f0167faa815988ac11000000"

    @Test("the sighash of BIP-143's native P2WPKH example matches the BIP")
    func bip143NativeP2WPKH() throws {
        let unsigned = try #require([UInt8](hex: Self.unsignedHex))
        let transaction = try BitcoinTransactionReader.unsignedTransaction(unsigned, range: 0..<unsigned.count)
        #expect(transaction.serialized == unsigned)
        #expect(transaction.lockTime == 0x11)
        let keyHash = try #require([UInt8](hex: "1d0f172a0ecb48aee1be1f2687d2963ae33f71a1"))
        // Input 0 is a P2PK output of 6.25 BTC in the BIP; only input 1's payload is checked.
        let p2pk = try #require([UInt8](hex: "2103c9f4836b9a4f77fc0d81f7bcb01b7f1b35916864b9476c241ce9fc198bd25432ac"))
        var builder = PSBTBuilder()
        builder.version = transaction.version
        builder.inputs = transaction.inputs
        builder.outputs = transaction.outputs
        builder.outputMaps = [[], []]
        builder.lockTime = transaction.lockTime
        builder.inputMaps = [
            [([0x01], BitcoinOutput(value: 625_000_000, script: p2pk).serialized)],
            [([0x01], BitcoinOutput(value: 600_000_000, script: [0x00, 0x14] + keyHash).serialized)],
        ]
        let psbt = try PSBT(bytes: builder.bytes)
        let payloads = BitcoinSighash.payloads(psbt: psbt, publicKeyHash: keyHash)
        #expect(payloads.count == 2)
        #expect(payloads[1].hexString == "c37af31116d1b27caf68aae9e3ac82f1477929014d5b917657d0eb49478cb670")
    }
}
