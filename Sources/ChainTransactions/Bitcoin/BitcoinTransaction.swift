/// The BitcoinTransaction action value of PROTOCOL.md 8.2: parsed and checked once, then summarised
/// (`BitcoinSummary`), hashed (`signingPayloads`) and signed (`signed(signatures:publicKey:)`) from this
/// one value, so what a person approves and what is signed cannot differ.
///
/// Every input spends a P2WPKH output of `from` and is signed with SIGHASH_ALL (BIP-143). It does not
/// know the derived key: the engine checks that `from` is the address of the key it derives for `path`.
public struct BitcoinTransaction: Sendable, Hashable {
    /// The most UTF-8 bytes of a derivation path.
    public static let maxPathBytes = 512

    public let network: BitcoinNetwork
    /// The paying P2WPKH address, lowercase.
    public let from: String
    /// `from`'s script: 0x00 0x14 ‖ HASH160 of the key.
    public let fromScript: [UInt8]
    public let path: String
    public let psbt: PSBT
    /// The inputs' witness UTXO values, in satoshi.
    public let inputTotal: UInt64
    /// The outputs' values, in satoshi; at most `inputTotal`.
    public let outputTotal: UInt64
    /// BIP-143 signature hashes (SIGHASH_ALL), one per input, in input order: what the signer signs.
    public let signingPayloads: [[UInt8]]

    /// The network fee in satoshi: what the inputs hold and the outputs do not spend.
    public var fee: UInt64 { inputTotal - outputTotal }

    /// The PSBT's base64 (of `psbt.bytes`): what is stored and parsed again after a restart.
    public var psbtBase64: String { psbt.base64 }
}
