import ByteEncoding

/// The parsed BIP-174 version 0 PSBT of a `BitcoinTransaction`.
///
/// Strict: what chainmail does not understand is refused rather than guessed (`psbt_invalid` with the
/// reason), except keys BIP-174 lets any party add (global xpubs, proprietary and unknown keys, partial
/// signatures and other per-input or per-output data), which are kept as they are and not interpreted.
public struct PSBT: Sendable, Hashable {
    /// The most bytes of PSBT accepted: room for the 1,000 inputs and outputs the parser takes, while
    /// the stored signing work (the PSBT in base64) and the result (the finished transaction in hex)
    /// stay well under the 1 MiB the store reads back.
    public static let maxBytes = 150_000

    /// A key-value pair kept without being interpreted; `key` includes its type byte.
    public struct KeyValue: Sendable, Hashable {
        public let key: [UInt8]
        public let value: [UInt8]
    }

    /// One input's map.
    public struct Input: Sendable, Hashable {
        /// The whole previous transaction (key 0x00), when given; checked against the prevout and `witnessUtxo`.
        public let nonWitnessUtxo: [UInt8]?
        /// The output this input spends (key 0x01): required.
        public let witnessUtxo: BitcoinOutput
        /// The sighash type (key 0x03), when given: always 1 (SIGHASH_ALL).
        public let sighashType: UInt32?
        /// Partial signatures (0x02), derivation paths, proprietary and unknown keys, as received.
        public let otherEntries: [KeyValue]
    }

    /// One output's map: its entries as received (scripts, derivation paths, proprietary and unknown keys).
    public struct Output: Sendable, Hashable {
        public let entries: [KeyValue]
    }

    /// The PSBT exactly as received.
    public let bytes: [UInt8]
    public let unsignedTransaction: BitcoinUnsignedTransaction
    /// One per unsigned transaction input, in order.
    public let inputs: [Input]
    /// One per unsigned transaction output, in order.
    public let outputs: [Output]
    /// Global xpubs (0x01), proprietary (0xFC) and unknown keys, as received.
    public let globalEntries: [KeyValue]

    /// Reads standard padded base64 (at most `maxBytes` once decoded) and parses it as `init(bytes:)` does.
    public init(base64: String) throws(ChainTransactionError) {
        guard base64.utf8.count <= (Self.maxBytes + 2) / 3 * 4 else {
            throw ChainTransactionError(code: .psbtInvalid, message: "the PSBT is larger than \(Self.maxBytes) bytes")
        }
        guard let bytes = Base64.decode(base64, .standardPadded) else {
            throw ChainTransactionError(code: .psbtInvalid, message: "the PSBT is not standard base64 with padding")
        }
        try self.init(bytes: bytes)
    }

    /// The PSBT's base64, standard alphabet with padding: what is stored and read again after a restart.
    public var base64: String {
        Base64.encode(bytes, alphabet: .standard, padded: true)
    }
}
