@testable import ChainTransactions

extension EVMTransaction {
    static let sampleFrom = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
    static let sampleTo = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"

    /// A valid transaction with the given members changed, for tests that vary one member at a time.
    static func sample(
        chainId: UInt64 = 11_155_111,
        from: String = sampleFrom,
        path: String = "ethereum,1",
        nonce: UInt64 = 0,
        to: String? = sampleTo,
        value: String = "1500000000000000000",
        data: String = "0x",
        gasLimit: UInt64 = 21_000,
        maxFeePerGas: String = "30000000000",
        maxPriorityFeePerGas: String = "1000000000"
    ) throws(ChainTransactionError) -> EVMTransaction {
        try EVMTransaction(
            chainId: chainId,
            from: from,
            path: path,
            nonce: nonce,
            to: to,
            value: value,
            data: data,
            gasLimit: gasLimit,
            maxFeePerGas: maxFeePerGas,
            maxPriorityFeePerGas: maxPriorityFeePerGas
        )
    }
}
