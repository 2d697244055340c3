/// RFC 6376 3.4.1 and 3.4.2: the canonical form of one header field.
enum HeaderCanonicalizer {
    /// Appends the canonical form of the field at `bytes[field.range]`, leaving out `excluded`
    /// (the raw `b=` value of the signature being verified), without a trailing CRLF.
    static func append(
        _ field: HeaderField,
        of bytes: UnsafeBufferPointer<UInt8>,
        excluding excluded: Range<Int>? = nil,
        canonicalization: DKIMCanonicalization,
        to output: inout [UInt8]
    ) {
        let pieces: [Range<Int>] =
            if let excluded {
                [field.range.lowerBound..<excluded.lowerBound, excluded.upperBound..<field.range.upperBound]
            } else {
                [field.range]
            }
        switch canonicalization {
        case .simple:
            for piece in pieces { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[piece])) }
        case .relaxed:
            appendRelaxed(field, pieces: pieces, of: bytes, to: &output)
        }
    }

    private static func appendRelaxed(
        _ field: HeaderField,
        pieces: [Range<Int>],
        of bytes: UnsafeBufferPointer<UInt8>,
        to output: inout [UInt8]
    ) {
        // The name: lowercased, white space before the colon dropped. A field with no colon has no
        // name, and is canonicalized as a value.
        var valueStart = field.range.lowerBound
        if field.valueStart <= field.range.upperBound && field.valueStart > field.range.lowerBound {
            var nameEnd = field.valueStart - 1
            while nameEnd > field.range.lowerBound && bytes[nameEnd - 1].isWhitespace { nameEnd -= 1 }
            for index in field.range.lowerBound..<nameEnd {
                let byte = bytes[index]
                output.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            }
            output.append(.colon)
            valueStart = field.valueStart
        }
        // The value: folds removed, runs of white space made one space, none at either end.
        var pendingSpace = false
        var hasContent = false
        for piece in pieces {
            var index = max(piece.lowerBound, valueStart)
            while index < piece.upperBound {
                let byte = bytes[index]
                if byte == .carriageReturn && index + 1 < piece.upperBound && bytes[index + 1] == .lineFeed {
                    index += 2
                    continue
                }
                if byte.isWhitespace {
                    pendingSpace = hasContent
                } else {
                    if pendingSpace { output.append(.space) }
                    pendingSpace = false
                    hasContent = true
                    output.append(byte)
                }
                index += 1
            }
        }
    }
}
