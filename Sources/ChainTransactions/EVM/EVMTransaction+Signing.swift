import ChainSigner

extension EVMTransaction {
    /// The nine fields of the unsigned EIP-1559 transaction, in order: chainId, nonce,
    /// maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data, accessList (always empty).
    public var unsignedPayloadFields: RLP.Item {
        .list(unsignedFieldItems)
    }

    private var unsignedFieldItems: [RLP.Item] {
        [
            .integer(chainId),
            .integer(nonce),
            .integer(maxPriorityFeePerGas),
            .integer(maxFeePerGas),
            .integer(gasLimit),
            .bytes(to.bytes),
            .integer(value),
            .bytes(data),
            .list([]),
        ]
    }

    /// The 32 bytes that are signed: keccak256(0x02 ‖ rlp(the nine fields)).
    public var signingPayload: [UInt8] {
        Keccak256.hash([0x02] + RLP.encode(unsignedPayloadFields))
    }

    /// The signed transaction as `eth_sendRawTransaction` takes it:
    /// 0x02 ‖ rlp([the nine fields, yParity, r, s]), with r and s as minimal big-endian integers
    /// (leading zero bytes dropped) and yParity 0 or 1.
    public func signedTransaction(r: [UInt8], s: [UInt8], yParity: UInt8) -> [UInt8] {
        let fields =
            unsignedFieldItems + [
                .integer(UInt64(yParity)),
                .bytes(Array(r.drop(while: { $0 == 0 }))),
                .bytes(Array(s.drop(while: { $0 == 0 }))),
            ]
        return [0x02] + RLP.encode(.list(fields))
    }

    /// The transaction hash explorers and nodes use: keccak256 of the signed transaction bytes.
    public static func transactionHash(ofSigned signed: [UInt8]) -> [UInt8] {
        Keccak256.hash(signed)
    }
}
