import ByteEncoding
import ChainmailTestSupport
import Foundation
import NEARClient

/// scripts/peers/near_borsh.py: borsh-construct serialises the same transaction from JSON, and
/// PyNaCl checks a signed transaction's signature.
enum NEARBorshPeer {
    struct Answer {
        var borsh: String
        var hash: String
        var signedTransactionMatches: Bool?
        var signatureValid: Bool?
        var signedHash: String?
    }

    static func run(_ transaction: NEARTransaction, signed: NEARSignedTransaction? = nil) async throws -> Answer {
        var request: [String: Any] = ["transaction": json(transaction)]
        if let signed { request["signed"] = signed.base64 }
        let input = try JSONSerialization.data(withJSONObject: request)
        let output = try await PythonPeer.run("near_borsh.py", bytes: Array(input))
        let answer = try require(try JSONSerialization.jsonObject(with: Data(output)) as? [String: Any])
        let checked = answer["signed"] as? [String: Any]
        return Answer(
            borsh: answer["borsh"] as? String ?? "",
            hash: answer["hash"] as? String ?? "",
            signedTransactionMatches: checked?["transactionMatches"] as? Bool,
            signatureValid: checked?["signatureValid"] as? Bool,
            signedHash: checked?["hash"] as? String
        )
    }

    private static func json(_ transaction: NEARTransaction) -> [String: Any] {
        [
            "signerId": transaction.signerId,
            "publicKey": transaction.publicKey.description,
            "nonce": NSNumber(value: transaction.nonce),
            "receiverId": transaction.receiverId,
            "blockHash": Base58.encode(transaction.blockHash),
            "actions": transaction.actions.map { action -> [String: Any] in
                switch action {
                case .functionCall(let methodName, let args, let gas, let deposit):
                    [
                        "functionCall": [
                            "methodName": methodName, "args": Hex.encode(args), "gas": NSNumber(value: gas),
                            "deposit": deposit.description,
                        ] as [String: Any]
                    ]
                case .transfer(let deposit):
                    ["transfer": ["deposit": deposit.description]]
                }
            },
        ]
    }
}
