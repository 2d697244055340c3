/// Syntax checks for the DNS names DKIM puts in `d=` and `s=`.
enum DomainName {
    /// Dot-separated labels of letters, digits and inner hyphens (and `_` for selectors, which
    /// real signers use), each 1 to 63 bytes, 253 bytes at most in all.
    static func isValid(_ name: String, allowUnderscore: Bool = false) -> Bool {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= 253 else { return false }
        for label in bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.count <= 63 else { return false }
            guard label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else { return false }
            let allowed = label.allSatisfy {
                $0.isASCIILetter || $0.isASCIIDigit || $0 == UInt8(ascii: "-") || (allowUnderscore && $0 == UInt8(ascii: "_"))
            }
            guard allowed else { return false }
        }
        return true
    }
}
