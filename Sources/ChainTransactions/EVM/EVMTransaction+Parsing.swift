import ByteEncoding

extension EVMTransaction {
    /// Checks and parses the members of PROTOCOL.md 8.1, in the order they are listed there.
    ///
    /// - `chainId` 1…2^53−1, `nonce` and `gasLimit` below 2^53: `invalid_transaction`.
    /// - `from`, `to`: `EVMAddress` rules; `to` nil (contract creation): `contract_creation_refused`.
    /// - `value` and the fees: `UInt256(decimal:)` rules; priority fee above the max fee: `fee_invalid`;
    ///   gasLimit × maxFeePerGas of 2^256 or more: `amount_out_of_range`.
    /// - `data`: `0x` and an even number of hex digits (`invalid_transaction`), at most 65,536 bytes
    ///   (`data_too_large`, judged on the text's length before decoding).
    /// - `path`: at most 512 UTF-8 bytes (`invalid_transaction`).
    public init(
        chainId: UInt64,
        from: String,
        path: String,
        nonce: UInt64,
        to: String?,
        value: String,
        data: String,
        gasLimit: UInt64,
        maxFeePerGas: String,
        maxPriorityFeePerGas: String
    ) throws(ChainTransactionError) {
        guard chainId >= 1, chainId < Self.integerLimit else {
            throw ChainTransactionError(code: .invalidTransaction, message: "chainId is an integer from 1 to 2^53 − 1")
        }
        let fromAddress = try EVMAddress(from)
        guard path.utf8.count <= Self.maxPathBytes else {
            throw ChainTransactionError(code: .invalidTransaction, message: "path is at most \(Self.maxPathBytes) bytes")
        }
        guard nonce < Self.integerLimit else {
            throw ChainTransactionError(code: .invalidTransaction, message: "nonce is an integer below 2^53")
        }
        guard let to else {
            throw ChainTransactionError(
                code: .contractCreationRefused,
                message: "to is required: transactions that create contracts are not signed"
            )
        }
        let toAddress = try EVMAddress(to)
        let parsedValue = try UInt256(decimal: value)
        let parsedData = try Self.parseData(data)
        guard gasLimit < Self.integerLimit else {
            throw ChainTransactionError(code: .invalidTransaction, message: "gasLimit is an integer below 2^53")
        }
        let maxFee = try UInt256(decimal: maxFeePerGas)
        let priorityFee = try UInt256(decimal: maxPriorityFeePerGas)
        guard priorityFee <= maxFee else {
            throw ChainTransactionError(code: .feeInvalid, message: "maxPriorityFeePerGas is at most maxFeePerGas")
        }
        let (fee, overflow) = UInt256(gasLimit).multipliedReportingOverflow(by: maxFee)
        guard !overflow else {
            throw ChainTransactionError(code: .amountOutOfRange, message: "gasLimit × maxFeePerGas is below 2^256")
        }
        self.init(
            chainId: chainId,
            from: fromAddress,
            path: path,
            nonce: nonce,
            to: toAddress,
            value: parsedValue,
            data: parsedData,
            gasLimit: gasLimit,
            maxFeePerGas: maxFee,
            maxPriorityFeePerGas: priorityFee,
            maximumFee: fee
        )
    }

    /// Calldata text: `0x` and an even number of hex digits, at most `maxDataBytes` bytes.
    static func parseData(_ text: String) throws(ChainTransactionError) -> [UInt8] {
        let utf8 = text.utf8
        guard utf8.starts(with: "0x".utf8) else {
            throw ChainTransactionError(code: .invalidTransaction, message: "data is 0x and an even number of hex digits")
        }
        // Judged on the length first, so an oversized string is refused without decoding it.
        guard utf8.count - 2 <= 2 * Self.maxDataBytes else {
            throw ChainTransactionError(code: .dataTooLarge, message: "data is at most \(Self.maxDataBytes) bytes")
        }
        guard let bytes = Hex.decode(bytes: Array(utf8.dropFirst(2))) else {
            throw ChainTransactionError(code: .invalidTransaction, message: "data is 0x and an even number of hex digits")
        }
        return bytes
    }
}
