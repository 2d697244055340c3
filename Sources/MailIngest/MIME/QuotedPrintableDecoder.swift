import ByteEncoding

/// RFC 2045 section 6.7 quoted-printable, decoded strictly.
///
/// Soft line breaks (`=` at the end of a line, transport white space after it allowed) are removed, white
/// space at the end of a line is dropped as rule 3 asks, and line ends come out as CRLF. An `=` followed by
/// anything but two hex digits or a line end is an error rather than kept as is: a body that does not decode
/// the same way everywhere must not authorise anything.
enum QuotedPrintableDecoder {
    static func decode<Bytes: RandomAccessCollection<UInt8>>(_ input: Bytes) -> [UInt8]? where Bytes.Index == Int {
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var position = input.startIndex
        let end = input.endIndex
        while position < end {
            // One line: up to its CRLF (or the end).
            var lineEnd = position
            while lineEnd < end && !(input[lineEnd] == .cr && lineEnd + 1 < end && input[lineEnd + 1] == .lf) { lineEnd += 1 }
            var contentEnd = lineEnd
            while contentEnd > position && input[contentEnd - 1].isWSP { contentEnd -= 1 }
            var softBreak = false
            var index = position
            while index < contentEnd {
                let byte = input[index]
                if byte == 0x3D {
                    if index + 1 == contentEnd {
                        softBreak = true
                        index += 1
                        continue
                    }
                    guard index + 2 < contentEnd, let high = Hex.digitValue(input[index + 1]), let low = Hex.digitValue(input[index + 2])
                    else { return nil }
                    output.append(high << 4 | low)
                    index += 3
                } else {
                    output.append(byte)
                    index += 1
                }
            }
            if lineEnd < end {
                if !softBreak { output.append(contentsOf: [.cr, .lf]) }
                position = lineEnd + 2
            } else {
                position = end
            }
        }
        return output
    }
}
