/// The DER encoding of an ECDSA signature that Bitcoin scripts carry (BIP-66):
/// 0x30 len 0x02 len(r) r 0x02 len(s) s, each integer minimal and positive.
enum DERSignature {
    /// DER of (r, s), both big-endian of any length (32 bytes from the signer).
    static func encode(r: [UInt8], s: [UInt8]) -> [UInt8] {
        let body = integer(r) + integer(s)
        return [0x30, UInt8(body.count)] + body
    }

    /// 0x02, length and the minimal big-endian bytes, with a 0x00 in front when the top bit is set.
    static func integer(_ bytes: [UInt8]) -> [UInt8] {
        var minimal = Array(bytes.drop(while: { $0 == 0 }))
        if minimal.isEmpty || minimal[0] & 0x80 != 0 {
            minimal.insert(0, at: 0)
        }
        return [0x02, UInt8(minimal.count)] + minimal
    }
}
