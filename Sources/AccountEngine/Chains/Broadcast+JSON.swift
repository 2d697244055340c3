import ChainTransactions

extension Broadcast {
    /// `{"chainId","transactionHash","status","blockNumber"?,"error"?}` (PROTOCOL.md section 7).
    public var json: JSONValue {
        var members = [
            JSONObject.Member(key: "chainId", value: .integer(chainId)),
            .init(key: "transactionHash", value: .string(transactionHash)),
            .init(key: "status", value: .string(status.rawValue)),
        ]
        if let blockNumber { members.append(.init(key: "blockNumber", value: .integer(blockNumber))) }
        if let error { members.append(.init(key: "error", value: .string(error))) }
        return .object(JSONObject(members))
    }
}
