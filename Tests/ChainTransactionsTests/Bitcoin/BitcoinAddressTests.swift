import ByteEncoding
import ChainSigner
import Testing

@testable import ChainTransactions

@Suite("Bitcoin output scripts as addresses")
struct BitcoinAddressTests {
    @Test(
        "segwit scripts read as the BIP-173 and BIP-350 vectors' addresses",
        arguments: [
            ("0014751e76e8199196d454941c45d1b3a323f1433bd6", BitcoinNetwork.bitcoin, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "P2WPKH"),
            (
                "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262", .testnet,
                "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "P2WSH"
            ),
            (
                "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", .bitcoin,
                "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "P2TR"
            ),
            (
                "5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433", .testnet,
                "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c", "P2TR"
            ),
            ("0014751e76e8199196d454941c45d1b3a323f1433bd6", .regtest, "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080", "P2WPKH"),
            ("0014751e76e8199196d454941c45d1b3a323f1433bd6", .signet, "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", "P2WPKH"),
        ]
    )
    func segwit(_ scriptHex: String, _ network: BitcoinNetwork, _ address: String, _ type: String) throws {
        let script = try #require([UInt8](hex: scriptHex))
        let described = try #require(BitcoinAddress.describe(script: script, network: network))
        #expect(described.address == address)
        #expect(described.type == type)
    }

    @Test(
        "base58check scripts read as well-known P2PKH and P2SH addresses",
        arguments: [
            ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", BitcoinNetwork.bitcoin, "P2PKH"),
            ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", .bitcoin, "P2SH"),
            ("mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn", .testnet, "P2PKH"),
            ("2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc", .regtest, "P2SH"),
        ]
    )
    func base58(_ address: String, _ network: BitcoinNetwork, _ type: String) throws {
        let decoded = try #require(Base58.decode(address))
        #expect(decoded.count == 25)
        let hash = Array(decoded[1..<21])
        let script: [UInt8] = type == "P2PKH" ? [0x76, 0xa9, 0x14] + hash + [0x88, 0xac] : [0xa9, 0x14] + hash + [0x87]
        let described = try #require(BitcoinAddress.describe(script: script, network: network))
        #expect(described.address == address)
        #expect(described.type == type)
    }

    @Test("other scripts have no address")
    func noAddress() throws {
        for hex in ["6a04deadbeef", "", "0014751e76e8199196d454941c45d1b3a323f1433b", "5214751e76e8199196d454941c45d1b3a323f1433bd6", "51"] {
            let script = try #require([UInt8](hex: hex))
            #expect(BitcoinAddress.describe(script: script, network: .bitcoin) == nil, "\(hex)")
        }
    }

    @Test("bech32m encodes witness versions 1 to 16 and bech32 version 0")
    func bech32m() throws {
        let program = try #require([UInt8](hex: "751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6"))
        #expect(
            try Bech32.encodeSegwitAddress(humanReadablePart: "bc", witnessVersion: 1, witnessProgram: program)
                == "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y"
        )
        #expect(try Bech32.encodeSegwitAddress(humanReadablePart: "bc", witnessVersion: 16, witnessProgram: [0x75, 0x1e]) == "bc1sw50qgdz25j")
        #expect(throws: ChainSignerError.self) {
            try Bech32.encodeSegwitAddress(humanReadablePart: "bc", witnessVersion: 17, witnessProgram: [1, 2])
        }
        #expect(throws: ChainSignerError.self) { try Bech32.encodeSegwitAddress(humanReadablePart: "bc", witnessVersion: 1, witnessProgram: [1]) }
    }
}
