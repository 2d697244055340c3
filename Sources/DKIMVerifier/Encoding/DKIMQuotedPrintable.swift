import ByteEncoding

/// dkim-quoted-printable (RFC 6376 2.11), the encoding of `i=` and `z=`: `=XX` stands for a byte.
enum DKIMQuotedPrintable {
    /// Decodes the text, or nil when an `=` is not followed by two hex digits.
    static func decode(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == .equals else {
                output.append(byte)
                index += 1
                continue
            }
            guard index + 2 < bytes.count, let high = Hex.digitValue(bytes[index + 1]), let low = Hex.digitValue(bytes[index + 2]) else {
                return nil
            }
            output.append(high << 4 | low)
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

}
