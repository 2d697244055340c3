/// A name that is safe to hand to libunbound: printable ASCII without backslashes (libunbound
/// reads `\DDD` escapes, which could smuggle a dot or a NUL into a label), at most 253 octets
/// without the final dot, each label 1 to 63 octets. Internationalised names must already be
/// A-labels (`xn--…`), as RFC 8616 asks of DKIM.
struct DNSQueryName: Hashable, Sendable {
    /// The name as sent, without a final dot.
    let text: String
    /// The cache key: `text` in lower case, as DNS compares names.
    let key: String

    init?(_ name: String) {
        var bytes = Array(name.utf8)
        if bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
        guard !bytes.isEmpty, bytes.count <= 253 else { return nil }
        var labelLength = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "."):
                guard labelLength > 0 else { return nil }
                labelLength = 0
            case UInt8(ascii: "\\"):
                return nil
            case 0x21...0x7E:
                labelLength += 1
                guard labelLength <= 63 else { return nil }
            default:
                return nil
            }
        }
        guard labelLength > 0 else { return nil }
        text = String(decoding: bytes, as: UTF8.self)
        key = String(decoding: bytes.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
