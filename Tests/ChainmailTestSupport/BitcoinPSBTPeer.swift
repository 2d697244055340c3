import AccountEngine

/// scripts/peers/bitcoin_psbt.py: PSBTs made, and signed transactions checked, by python-bitcointx,
/// which shares none of chainmail's PSBT, BIP-143, DER or script code.
public enum BitcoinPSBTPeer {
    /// One output the peer is asked for: `type` is p2wpkh, p2wsh, p2tr, p2pkh, p2sh, op_return or
    /// change (paying the spending key's own P2WPKH address).
    public struct OutputSpec: Sendable {
        public let type: String
        public let value: UInt64

        public init(_ type: String, _ value: UInt64) {
            self.type = type
            self.value = value
        }
    }

    /// A PSBT as the peer made it, with what it says the PSBT does.
    public struct Made: Sendable {
        public let psbt: String
        public let inputTotal: UInt64
        /// Each output's address (nil for a script without one), script hex, value and change mark.
        public let outputs: [(address: String?, script: String, value: UInt64, change: Bool)]
        /// Inputs minus outputs: negative when the outputs are above the inputs.
        public let fee: Int64
    }

    /// The peer's verdict on a signed transaction.
    public struct Verdict: Sendable {
        public let ok: Bool
        public let error: String?
        public let txid: String
        public let virtualSize: UInt64
    }

    /// PSBTs spending P2WPKH outputs of `publicKey` (33-byte compressed hex), one per case.
    public static func make(
        _ cases: [(inputs: [UInt64], outputs: [OutputSpec], sighashType: Int?, inputScript: String?)],
        publicKey: String,
        network: String = "regtest",
        seed: Int = 1
    ) async throws -> [Made] {
        let request: JSONValue = .object([
            "command": .string("make"),
            "cases": .array(
                cases.enumerated().map { index, spec in
                    var members: [JSONObject.Member] = [
                        .init(key: "network", value: .string(network)),
                        .init(key: "publicKey", value: .string(publicKey)),
                        .init(key: "inputs", value: .array(spec.inputs.map { .integer($0) })),
                        .init(
                            key: "outputs",
                            value: .array(spec.outputs.map { .object(["type": .string($0.type), "value": .integer($0.value)]) })
                        ),
                        .init(key: "seed", value: .integer(UInt64(seed * 1000 + index))),
                    ]
                    if let sighash = spec.sighashType { members.append(.init(key: "sighashType", value: .integer(UInt64(sighash)))) }
                    if let script = spec.inputScript { members.append(.init(key: "inputScript", value: .string(script))) }
                    return .object(JSONObject(members))
                }
            ),
        ])
        let answer = try await PythonPeer.run("bitcoin_psbt.py", input: request)
        return try (answer["cases"]?.arrayValue ?? []).map { made in
            Made(
                psbt: try peerField(made, "psbt", \.string),
                inputTotal: try peerField(made, "inputTotal", \.uint),
                outputs: try (made["outputs"]?.arrayValue ?? []).map { output in
                    (
                        output["address"]?.stringValue, try peerField(output, "script", \.string), try peerField(output, "value", \.uint),
                        output["change"] == .bool(true)
                    )
                },
                fee: try peerField(made, "fee") { Int64($0.compactText) }
            )
        }
    }

    /// The peer's full script verification of each signed transaction against the PSBT it finishes.
    public static func verify(_ cases: [(psbt: String, signedTransaction: String, txid: String)]) async throws -> [Verdict] {
        let request: JSONValue = .object([
            "command": .string("verify"),
            "cases": .array(
                cases.map {
                    .object(["psbt": .string($0.psbt), "signedTransaction": .string($0.signedTransaction), "txid": .string($0.txid)])
                }
            ),
        ])
        let answer = try await PythonPeer.run("bitcoin_psbt.py", input: request)
        return try (answer["cases"]?.arrayValue ?? []).map { verdict in
            Verdict(
                ok: verdict["ok"] == .bool(true),
                error: verdict["error"]?.stringValue,
                txid: try peerField(verdict, "txid", \.string),
                virtualSize: try peerField(verdict, "vsize", \.uint)
            )
        }
    }
}

/// A member of a peer's answer, or a failure naming it.
private func peerField<T>(_ object: JSONValue, _ key: String, _ read: (JSONValue) -> T?) throws -> T {
    guard let value = object[key].flatMap(read) else {
        throw PythonPeer.Failure(description: "bitcoin_psbt.py answered without a usable \"\(key)\": \(object.compactText)")
    }
    return value
}
