import ChainSigner
import NEARClient

/// The MPC contract's `sign` call (near/mpc `crates/contract/src/lib.rs`, `SignRequestArgs`).
enum MPCSignRequest {
    /// The arguments, exactly
    /// `{"request":{"path":"<path>","payload_v2":{"Ecdsa":"<64 lowercase hex>"},"domain_id":0}}`.
    static func arguments(path: String, payload: [UInt8]) -> [UInt8] {
        let text =
            #"{"request":{"path":"# + jsonString(path) + #","payload_v2":{"Ecdsa":""# + payload.hexString
            + #""},"domain_id":0}}"#
        return Array(text.utf8)
    }

    /// The one action of a signature request: `sign` with 1 yoctoNEAR attached.
    static func action(path: String, payload: [UInt8], gas: UInt64) -> NEARAction {
        .functionCall(methodName: "sign", args: arguments(path: path, payload: payload), gas: gas, deposit: .one)
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, the rest as is (UTF-8).
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
