import AccountEngine
import Testing

@Suite("Strict decoding of transactions and ExecuteArgs (sections 2 and 4)")
struct TransactionDecodingTests {
    static let payload = "c2ee0e7a2b1f5b6ad1b4b5b7a9f1d36a8f3e0f5bb9e0c6f1d2a3b4c5d6e7f809"
    static func callChainSig(payload: String = payload, keyVersion: String = "0") -> String {
        #"{"type":"CallChainSig","args":{"payload":"\#(payload)","keyVersion":\#(keyVersion),"path":"ethereum,1"}}"#
    }

    static func transaction(accountId: String = "\"alice\"", nonce: String = "0", actions: String = callChainSig()) -> String {
        #"{"accountId":\#(accountId),"nonce":\#(nonce),"actions":[\#(actions)]}"#
    }

    @Test("the worked example decodes")
    func decodes() throws {
        let signed = try SignedTransaction(jsonText: Self.transaction())
        #expect(signed.transaction.accountId == "alice")
        #expect(signed.transaction.nonce == 0)
        #expect(signed.transaction.actions.count == 1)
        #expect(signed.txHashHex == "bf6baaf3357ea09424e02d48e70066b3b3c34783b5139310c9b7375f7a4dc8d6")
    }

    @Test(
        "refused transactions, each with its code",
        arguments: [
            (transaction(nonce: "9007199254740992"), "invalid_nonce"),
            (transaction(nonce: "9007199254740991"), ""),
            (transaction(nonce: "-1"), "invalid_nonce"),
            (transaction(nonce: "1.0"), "invalid_nonce"),
            (transaction(nonce: "1e0"), "invalid_nonce"),
            (transaction(nonce: "\"0\""), "invalid_nonce"),
            (transaction(accountId: "\"Alice\""), "invalid_account_id"),
            (transaction(accountId: "\"-alice\""), "invalid_account_id"),
            (transaction(accountId: "\"\""), "invalid_account_id"),
            (transaction(accountId: "7"), "invalid_transaction"),
            (transaction(actions: ""), "no_actions"),
            (transaction(actions: Array(repeating: callChainSig(), count: 16).joined(separator: ",")), ""),
            (transaction(actions: Array(repeating: callChainSig(), count: 17).joined(separator: ",")), "too_many_actions"),
            (transaction(actions: callChainSig(payload: "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")), "payload_out_of_range"),
            (transaction(actions: callChainSig(payload: "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140")), ""),
            (transaction(actions: callChainSig(payload: "C2EE0E7A2B1F5B6AD1B4B5B7A9F1D36A8F3E0F5BB9E0C6F1D2A3B4C5D6E7F809")), ""),
            (transaction(actions: callChainSig(payload: String(payload.dropLast()))), "invalid_payload"),
            (transaction(actions: callChainSig(payload: String(payload.dropLast()) + "g")), "invalid_payload"),
            (transaction(actions: callChainSig(keyVersion: "\"0\"")), "invalid_transaction"),
            (transaction(actions: callChainSig(keyVersion: "0.5")), "invalid_transaction"),
            (transaction(actions: #"{"type":"DeleteAccount","extra":true}"#), "invalid_transaction"),
            (transaction(actions: #"{"type":"Transfer"}"#), "invalid_transaction"),
            (transaction(actions: #"{"type":"AddKey","authIdentity":{"type":"PubKey","value":"evm:0x12"}}"#), "invalid_identity"),
            (transaction(actions: #"{"type":"AddKey"}"#), "invalid_transaction"),
            (#"{"accountId":"alice","nonce":0,"actions":[{"type":"DeleteAccount"}],"memo":"x"}"#, "invalid_transaction"),
            (#"{"accountId":"alice","nonce":0}"#, "invalid_transaction"),
            (#"{"accountId":"alice","nonce":0,"actions":{}}"#, "invalid_transaction"),
            (#"[]"#, "invalid_transaction"),
        ]
    )
    func refused(_ text: String, _ code: String) throws {
        if code.isEmpty {
            _ = try SignedTransaction(jsonText: text)
        } else {
            let error = #expect(throws: EngineError.self) { try SignedTransaction(jsonText: text) }
            #expect(error?.code == code)
        }
    }

    @Test("ExecuteArgs refuses unknown members and wrong types, and authTarget defaults to authIdentity")
    func executeArgs() throws {
        let identity = #"{"type":"PubKey","value":"evm:0x5b38da6a701c568545dcfcb03fcb875f56beddc4"}"#
        let valid = #"{"transaction":\#(Self.transaction()),"authIdentity":\#(identity),"message":"m","messageSignature":"s"}"#
        let args = try ExecuteArgs(jsonText: valid)
        #expect(args.authTarget == args.authIdentity)
        #expect(args.evidence == .messageSignature("s"))

        for bad in [
            #"{"transaction":\#(Self.transaction()),"authIdentity":\#(identity),"message":"m","messageSignature":"s","x":1}"#,
            #"{"transaction":\#(Self.transaction()),"authIdentity":\#(identity),"message":1,"messageSignature":"s"}"#,
            #"{"transaction":\#(Self.transaction()),"authIdentity":\#(identity),"message":"m"}"#,
            #"{"transaction":\#(Self.transaction()),"message":"m","messageSignature":"s"}"#,
        ] {
            let error = #expect(throws: EngineError.self) { try ExecuteArgs(jsonText: bad) }
            #expect(error?.code == "invalid_request")
        }
    }
}
