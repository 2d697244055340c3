import ChainTransactions

extension AccountEngine {
    /// The members of EVMTransaction `args` that POST /v1/transactions may leave out for a chain
    /// with an RPC endpoint (PROTOCOL.md section 7, version 1.1 additions).
    static let fillableEVMMembers = ["nonce", "gasLimit", "maxFeePerGas", "maxPriorityFeePerGas"]

    /// `transaction` (JSON, as sent) with the EVMTransaction members it leaves out filled in from
    /// each chain's node before it is hashed: `nonce` from `eth_getTransactionCount` (pending),
    /// `gasLimit` from `eth_estimateGas`, `maxPriorityFeePerGas` from `eth_maxPriorityFeePerGas`,
    /// `maxFeePerGas` as twice the latest base fee plus that. A transaction that leaves nothing
    /// out is answered as it is; a chain without `rpcURL` is `evm_rpc_not_configured`.
    public func fillingIn(_ transaction: JSONValue) async throws(EngineError) -> JSONValue {
        guard let object = transaction.objectValue, let actions = transaction["actions"]?.arrayValue else { return transaction }
        var filledActions: [JSONValue] = []
        var changed = false
        for action in actions {
            guard action["type"]?.stringValue == "EVMTransaction", let args = action["args"]?.objectValue,
                Self.fillableEVMMembers.contains(where: { args[$0] == nil })
            else {
                filledActions.append(action)
                continue
            }
            let filled = try await fillingIn(args)
            filledActions.append(.object(Self.replacing("args", with: .object(filled), in: action.objectValue ?? args)))
            changed = true
        }
        guard changed else { return transaction }
        return .object(Self.replacing("actions", with: .array(filledActions), in: object))
    }

    private static func replacing(_ key: String, with value: JSONValue, in object: JSONObject) -> JSONObject {
        JSONObject(object.members.map { $0.key == key ? .init(key: key, value: value) : $0 })
    }

    private func fillingIn(_ args: JSONObject) async throws(EngineError) -> JSONObject {
        guard case .number(let number)? = args["chainId"], let chainId = number.plainUnsignedInteger else {
            throw .invalidTransaction("EVMTransaction args: \"chainId\" must be an integer")
        }
        guard let chain = chains.evmChain(chainId) else { throw .chainUnknown(chainId) }
        guard let rpcURL = chain.rpcURL else {
            throw EngineError(
                .evmRpcNotConfigured,
                message: "chain \(chainId) has no rpcURL: nonce, gasLimit, maxFeePerGas and maxPriorityFeePerGas must be given"
            )
        }
        guard let from = args["from"]?.stringValue, let to = args["to"]?.stringValue else {
            throw .invalidTransaction("EVMTransaction args: \"from\" and \"to\" are needed to fill in the rest")
        }
        let value = (args["value"]?.stringValue).flatMap { try? UInt256(decimal: $0) } ?? .zero
        let data = args["data"]?.stringValue ?? "0x"
        let node = EVMRPCClient(url: rpcURL, httpClient: httpClient)
        var members = args.members
        do {
            if args["nonce"] == nil {
                members.append(.init(key: "nonce", value: .integer(try await node.transactionCount(from, block: "pending"))))
            }
            if args["gasLimit"] == nil {
                let gas = try await node.estimateGas(from: from, to: to, value: value, data: data)
                members.append(.init(key: "gasLimit", value: .integer(gas)))
            }
            let priority: UInt256
            if let given = args["maxPriorityFeePerGas"] {
                priority = try Self.amount(given)
            } else {
                priority = UInt256(bigEndian: try await node.maxPriorityFeePerGas()) ?? .zero
            }
            if args["maxPriorityFeePerGas"] == nil {
                members.append(.init(key: "maxPriorityFeePerGas", value: .string(priority.decimalString)))
            }
            if args["maxFeePerGas"] == nil {
                let baseFee = UInt256(bigEndian: try await node.baseFeePerGas()) ?? .zero
                let (doubled, overflow) = baseFee.multipliedReportingOverflow(by: UInt256(2))
                let (maxFee, overflow2) = doubled.addingReportingOverflow(priority)
                guard !overflow, !overflow2 else { throw EngineError(.amountOutOfRange, message: "the chain's base fee is out of range") }
                members.append(.init(key: "maxFeePerGas", value: .string(maxFee.decimalString)))
            }
        } catch let error as ChainTransactionError {
            throw EngineError(error.code, message: "chain \(chainId): \(error.message)")
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError(.evmRpcUnavailable, message: "chain \(chainId): \(error)")
        }
        return JSONObject(members)
    }

    private static func amount(_ value: JSONValue) throws(EngineError) -> UInt256 {
        guard let text = value.stringValue else { throw .invalidTransaction("EVMTransaction args: amounts are decimal strings") }
        do {
            return try UInt256(decimal: text)
        } catch {
            throw EngineError(error.code, message: error.message)
        }
    }
}
