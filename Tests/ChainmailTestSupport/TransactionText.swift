import AccountEngine
import ChainSigner

/// Transaction JSON text as a client writes it (section 3), for the peers to sign.
public enum TransactionText {
    public static let payload = "c2ee0e7a2b1f5b6ad1b4b5b7a9f1d36a8f3e0f5bb9e0c6f1d2a3b4c5d6e7f809"

    public static func make(_ accountId: String, nonce: UInt64, _ actions: [String]) -> String {
        #"{"accountId":"\#(accountId)","nonce":\#(nonce),"actions":[\#(actions.joined(separator: ","))]}"#
    }

    /// A transaction naming `authTarget` (section 2): the identity whose keys its signing actions
    /// use, covered by every proof since 1.1.
    public static func make(_ accountId: String, nonce: UInt64, authTarget: AuthIdentity, _ actions: [String]) -> String {
        #"{"accountId":"\#(accountId)","nonce":\#(nonce),"authTarget":\#(authTarget.json.compactText),"actions":[\#(actions.joined(separator: ","))]}"#
    }

    public static func callChainSig(payload: String = payload, path: String = "ethereum,1", keyVersion: Int = 0) -> String {
        #"{"type":"CallChainSig","args":{"payload":"\#(payload)","keyVersion":\#(keyVersion),"path":"\#(path)"}}"#
    }

    public static func addKey(_ identity: AuthIdentity) -> String { #"{"type":"AddKey","authIdentity":\#(identity.json.compactText)}"# }
    public static func removeKey(_ identity: AuthIdentity) -> String {
        #"{"type":"RemoveKey","authIdentity":\#(identity.json.compactText)}"#
    }
    public static let deleteAccount = #"{"type":"DeleteAccount"}"#

    /// An EVMTransaction (PROTOCOL.md section 8.1) on chain 1 by default, every member given.
    public static func evmTransaction(
        from: String,
        to: String? = "0x000000000000000000000000000000000000dEaD",
        value: String = "1500000000000000000",
        data: String = "0x",
        chainId: UInt64 = 1,
        nonce: UInt64 = 0,
        path: String = "ethereum,1",
        gasLimit: UInt64 = 21000,
        maxFeePerGas: String = "30000000000",
        maxPriorityFeePerGas: String = "1000000000"
    ) -> String {
        let toJSON = to.map { #""\#($0)""# } ?? "null"
        return
            #"{"type":"EVMTransaction","args":{"chainId":\#(chainId),"from":"\#(from)","path":"\#(path)","nonce":\#(nonce),"to":\#(toJSON),"value":"\#(value)","data":"\#(data)","gasLimit":\#(gasLimit),"maxFeePerGas":"\#(maxFeePerGas)","maxPriorityFeePerGas":"\#(maxPriorityFeePerGas)"}}"#
    }

    /// A BitcoinTransaction (PROTOCOL.md section 8.2) on regtest by default.
    public static func bitcoinTransaction(network: String = "regtest", from: String, path: String = "bitcoin,1", psbt: String) -> String {
        #"{"type":"BitcoinTransaction","args":{"network":"\#(network)","from":"\#(from)","path":"\#(path)","psbt":"\#(psbt)"}}"#
    }

    /// A random 32-byte payload below the secp256k1 order (its top byte stays under 0xff).
    public static func randomPayload() -> String {
        ([UInt8.random(in: 0...0xfe)] + (0..<31).map { _ in UInt8.random(in: 0...255) }).hexString
    }
}
