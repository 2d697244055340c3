/// An EIP-1559 (type 2) transaction as PROTOCOL.md 8.1 carries it, parsed and checked.
///
/// The one value that is summarised in words (`EVMSummary`), hashed (`signingPayload`) and signed
/// (`signedTransaction`), so what a person approves and what is signed cannot differ. It does not know
/// the configured chains or the derived `from`: the engine checks those.
public struct EVMTransaction: Sendable, Hashable {
    /// The most bytes of calldata accepted (`data_too_large` above).
    public static let maxDataBytes = 65_536

    /// The most UTF-8 bytes of a derivation path.
    public static let maxPathBytes = 512

    /// Integers JSON carries exactly: chain ids, nonces and gas limits stay below 2^53.
    public static let integerLimit: UInt64 = 1 << 53

    public let chainId: UInt64
    public let from: EVMAddress
    public let path: String
    public let nonce: UInt64
    public let to: EVMAddress
    public let value: UInt256
    public let data: [UInt8]
    public let gasLimit: UInt64
    public let maxFeePerGas: UInt256
    public let maxPriorityFeePerGas: UInt256

    /// gasLimit × maxFeePerGas: the most the network fee can be, in wei. Below 2^256 by construction.
    public let maximumFee: UInt256
}
