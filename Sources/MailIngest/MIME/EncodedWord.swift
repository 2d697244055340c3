import ByteEncoding

/// RFC 2047 encoded-words (`=?charset?B|Q?text?=`), as found in display names and subjects.
///
/// Following RFC 2047 section 6.3, a word that cannot be decoded (unknown charset, bad base64 or Q text,
/// bytes invalid in the charset) is left as it stands rather than refusing the message: these fields are
/// only ever shown to people or searched for an ASCII hash. RFC 2231 language suffixes (`utf-8*en`) are
/// accepted and dropped.
enum EncodedWord {
    /// The text of a token made of one or more encoded-words back to back, or nil when the token is
    /// anything else or does not decode.
    static func decodeToken<Bytes: RandomAccessCollection<UInt8>>(_ token: Bytes) -> String? where Bytes.Index == Int {
        var position = token.startIndex
        var text = ""
        guard position < token.endIndex else { return nil }
        while position < token.endIndex {
            guard let (decoded, next) = decodeOne(token, at: position) else { return nil }
            text += decoded
            position = next
        }
        return text
    }

    /// Unstructured text (a Subject) with its encoded-words decoded: white space between two adjacent
    /// encoded-words disappears, everything else is kept. Nil when the bytes outside encoded-words are not UTF-8.
    static func decodeUnstructured(_ bytes: [UInt8]) -> String? {
        var output = ""
        var position = 0
        var pendingSpace: [UInt8] = []
        var previousWasEncoded = false
        while position < bytes.count {
            if bytes[position].isWSP {
                let start = position
                while position < bytes.count && bytes[position].isWSP { position += 1 }
                pendingSpace = Array(bytes[start..<position])
                continue
            }
            let start = position
            while position < bytes.count && !bytes[position].isWSP { position += 1 }
            let word = bytes[start..<position]
            if let decoded = decodeToken(word) {
                if !previousWasEncoded, let space = String(validating: pendingSpace, as: UTF8.self) { output += space }
                output += decoded
                previousWasEncoded = true
            } else {
                guard let space = String(validating: pendingSpace, as: UTF8.self), let plain = String(validating: word, as: UTF8.self)
                else { return nil }
                output += space + plain
                previousWasEncoded = false
            }
            pendingSpace = []
        }
        if let space = String(validating: pendingSpace, as: UTF8.self) { output += space }
        return output
    }

    /// One encoded-word starting at `start`: its text and the index after its `?=`.
    private static func decodeOne<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at start: Int) -> (String, Int)?
    where Bytes.Index == Int {
        let end = bytes.endIndex
        guard start + 1 < end, bytes[start] == 0x3D, bytes[start + 1] == 0x3F else { return nil }
        var position = start + 2
        let charsetStart = position
        while position < end && bytes[position] != 0x3F {
            guard bytes[position] > 0x20 && bytes[position] < 0x7F else { return nil }
            position += 1
        }
        guard position < end, position > charsetStart else { return nil }
        var charsetName = String(decoding: bytes[charsetStart..<position], as: UTF8.self)
        if let star = charsetName.firstIndex(of: "*") { charsetName = String(charsetName[..<star]) }
        position += 1
        guard position + 1 < end, bytes[position + 1] == 0x3F else { return nil }
        let encoding = bytes[position].asciiLowercased
        position += 2
        let textStart = position
        while position < end && bytes[position] != 0x3F {
            guard bytes[position] > 0x20 && bytes[position] < 0x7F else { return nil }
            position += 1
        }
        guard position + 1 < end, bytes[position + 1] == 0x3D else { return nil }
        let encodedText = bytes[textStart..<position]
        let decodedBytes: [UInt8]?
        switch encoding {
        case 0x62: decodedBytes = Base64.decode(bytes: encodedText, .mime)
        case 0x71: decodedBytes = decodeQ(encodedText)
        default: return nil
        }
        guard let decodedBytes, let charset = Charset(label: charsetName), let text = charset.decode(decodedBytes) else { return nil }
        return (text, position + 2)
    }

    /// RFC 2047 "Q": `_` is a space, `=XX` a byte, other printable ASCII stands for itself.
    private static func decodeQ<Bytes: RandomAccessCollection<UInt8>>(_ text: Bytes) -> [UInt8]? where Bytes.Index == Int {
        var output: [UInt8] = []
        var position = text.startIndex
        while position < text.endIndex {
            let byte = text[position]
            if byte == 0x5F {
                output.append(.sp)
                position += 1
            } else if byte == 0x3D {
                guard position + 2 < text.endIndex, let high = Hex.digitValue(text[position + 1]), let low = Hex.digitValue(text[position + 2])
                else { return nil }
                output.append(high << 4 | low)
                position += 3
            } else {
                output.append(byte)
                position += 1
            }
        }
        return output
    }
}
