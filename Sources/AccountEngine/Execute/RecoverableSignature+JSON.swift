import ChainSigner

extension RecoverableSignature {
    /// `{"r":"<64 hex>","s":"<64 hex>","v":0|1}`, as every signing result writes a signature.
    var json: JSONValue {
        .object([
            "r": .string(r.hexString),
            "s": .string(s.hexString),
            "v": .integer(UInt64(v)),
        ])
    }
}
