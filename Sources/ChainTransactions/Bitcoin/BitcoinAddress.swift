import ByteEncoding
import ChainSigner

/// Output scripts as addresses, for the approval: P2WPKH and P2WSH (bech32), P2TR (bech32m, BIP-350),
/// P2PKH and P2SH (base58check). Other scripts have no address and are shown as hex.
public enum BitcoinAddress {
    /// The address of a standard script on `network` and its type ("P2WPKH", "P2WSH", "P2TR", "P2PKH",
    /// "P2SH"); nil for any other script.
    public static func describe(script: [UInt8], network: BitcoinNetwork) -> (address: String, type: String)? {
        switch script.count {
        case 22 where script[0] == 0x00 && script[1] == 0x14:
            return segwit(version: 0, program: Array(script[2...]), network: network).map { (address: $0, type: "P2WPKH") }
        case 34 where script[0] == 0x00 && script[1] == 0x20:
            return segwit(version: 0, program: Array(script[2...]), network: network).map { (address: $0, type: "P2WSH") }
        case 34 where script[0] == 0x51 && script[1] == 0x20:
            return segwit(version: 1, program: Array(script[2...]), network: network).map { (address: $0, type: "P2TR") }
        case 25 where script.starts(with: [0x76, 0xa9, 0x14]) && script[23] == 0x88 && script[24] == 0xac:
            return (address: base58Check(version: network.p2pkhVersion, Array(script[3..<23])), type: "P2PKH")
        case 23 where script.starts(with: [0xa9, 0x14]) && script[22] == 0x87:
            return (address: base58Check(version: network.p2shVersion, Array(script[2..<22])), type: "P2SH")
        default:
            return nil
        }
    }

    private static func segwit(version: UInt8, program: [UInt8], network: BitcoinNetwork) -> String? {
        try? Bech32.encodeSegwitAddress(humanReadablePart: network.bech32Prefix, witnessVersion: version, witnessProgram: program)
    }

    /// Base58 of version ‖ payload ‖ the first 4 bytes of its double SHA-256.
    static func base58Check(version: UInt8, _ payload: [UInt8]) -> String {
        let data = [version] + payload
        return Base58.encode(data + BitcoinSerialization.doubleSHA256(data).prefix(4))
    }
}
