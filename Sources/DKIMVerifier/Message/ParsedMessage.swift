/// A message split into its header fields and body, keeping every byte as received.
///
/// Parsing never fails: DKIM must give a verdict on any input, so malformed lines are kept as
/// nameless fields rather than rejected, and a message without an empty line has an empty body.
public struct ParsedMessage: Sendable {
    /// The message with line ends normalised to CRLF.
    public let bytes: [UInt8]
    public let headers: [HeaderField]
    /// Index of the first body byte (after the empty line), or `bytes.count` when there is no body.
    public let bodyStart: Int

    public init(_ raw: [UInt8]) {
        let bytes = LineEndings.normalizedToCRLF(raw)
        var headers: [HeaderField] = []
        var bodyStart = bytes.count

        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var fieldStart = 0
            var position = 0
            while position < count {
                let lineEnd = Self.endOfLine(in: buffer, from: position)
                if lineEnd == position {
                    // The empty line that ends the header section.
                    if fieldStart < position {
                        headers.append(Self.field(in: buffer, range: fieldStart..<(position - 2)))
                    }
                    bodyStart = min(position + 2, count)
                    fieldStart = count
                    return
                }
                let next = min(lineEnd + 2, count)
                let continues = next < count && buffer[next].isWhitespace
                if !continues {
                    headers.append(Self.field(in: buffer, range: fieldStart..<lineEnd))
                    fieldStart = next
                }
                position = next
            }
            if fieldStart < count {
                headers.append(Self.field(in: buffer, range: fieldStart..<count))
            }
        }
        self.bytes = bytes
        self.headers = headers
        self.bodyStart = bodyStart
    }

    /// The body's byte range.
    public var bodyRange: Range<Int> { bodyStart..<bytes.count }

    /// The fields with this (lowercase) name, top to bottom.
    public func fields(named lowercasedName: String) -> [HeaderField] {
        headers.filter { $0.lowercasedName == lowercasedName }
    }

    /// The bytes of a field's value (after the colon), folds included.
    public func value(of field: HeaderField) -> ArraySlice<UInt8> {
        bytes[field.valueStart..<field.range.upperBound]
    }

    /// Index of the CR of the next CRLF at or after `start`, or the buffer's end.
    private static func endOfLine(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var position = start
        while let lineFeed = buffer.index(of: .lineFeed, from: position) {
            if lineFeed > start && buffer[lineFeed - 1] == .carriageReturn { return lineFeed - 1 }
            position = lineFeed + 1
        }
        return buffer.count
    }

    private static func field(in buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> HeaderField {
        var colon = range.lowerBound
        while colon < range.upperBound && buffer[colon] != .colon { colon += 1 }
        guard colon < range.upperBound else {
            return HeaderField(range: range, valueStart: range.upperBound, lowercasedName: "")
        }
        var nameEnd = colon
        while nameEnd > range.lowerBound && buffer[nameEnd - 1].isWhitespace { nameEnd -= 1 }
        var name = ""
        name.reserveCapacity(nameEnd - range.lowerBound)
        for index in range.lowerBound..<nameEnd {
            let byte = buffer[index]
            // Field names are printable ASCII (RFC 5322 ftext); anything else makes the name unmatchable.
            guard byte > 0x20 && byte < 0x7F else { return HeaderField(range: range, valueStart: colon + 1, lowercasedName: "") }
            name.unicodeScalars.append(Unicode.Scalar(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte))
        }
        return HeaderField(range: range, valueStart: colon + 1, lowercasedName: name)
    }
}
