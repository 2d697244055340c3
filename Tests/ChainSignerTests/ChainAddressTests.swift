import ChainSigner
import Testing

@Suite("Chain addresses")
struct ChainAddressTests {
    @Test("BIP-173's example key (secret 1, the generator) gives its published addresses")
    func bip173Example() throws {
        let examples = try TestVectors.nearKDF().addressExamples
        #expect(!examples.isEmpty)
        for example in examples {
            let key = try Secp256k1PublicKey(secretKey: bytes(example.secret))
            #expect(key.compressed.hexString == example.publicKeyCompressed)
            #expect(key.uncompressed.hexString == example.publicKeyUncompressed)
            #expect(key.nearFormat == example.publicKeyNear)
            #expect(ChainAddress.evm(key) == example.evmAddress)
            #expect(ChainAddress.bitcoinHash160(key).hexString == example.btcHash160)
            #expect(ChainAddress.bitcoinP2WPKH(key) == example.btcP2wpkhMainnet)
            #expect(ChainAddress.bitcoinP2WPKH(key, humanReadablePart: "tb") == example.btcP2wpkhTestnet)
        }
        // The address as BIP-173 prints it.
        let generator = try Secp256k1PublicKey(secretKey: scalar(1))
        #expect(ChainAddress.bitcoinP2WPKH(generator).uppercased() == "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4")
    }

    @Test("the EVM address of the Remix test account is the one in PROTOCOL.md")
    func remix() throws {
        let body = try bytes(
            "68cb0cffc92a03959e6fdc99a24f8c94143050099ca104863528c25e3c024f61a7049e09e669397f43d0fd63432b5b358f3d0caaf03b34acbcdc7f2cbe227db9"
        )
        let key = try Secp256k1PublicKey(bytes: [0x04] + body)
        #expect(ChainAddress.evm(key) == "0x5b38da6a701c568545dcfcb03fcb875f56beddc4")
    }
}
