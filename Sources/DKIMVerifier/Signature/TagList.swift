/// An RFC 6376 section 3.2 tag list, parsed from raw bytes so that each value's position is known
/// (the verifier must blank the `b=` value in place).
struct TagList: Sendable {
    struct Tag: Sendable {
        let name: String
        /// The value with surrounding folding white space removed.
        let value: String
        /// From just after `=` to just before the next `;` (or the end): what RFC 6376 deletes for `b=`.
        let rawValueRange: Range<Int>
    }

    enum ParseError: Error, Equatable {
        case malformedTag(String)
        case duplicateTag(String)
    }

    private(set) var tags: [Tag] = []

    /// Where each name's tag is in `tags`.
    private var positions: [String: Int] = [:]

    subscript(name: String) -> Tag? { positions[name].map { tags[$0] } }

    /// Parses `bytes[range]` in one pass (each segment is read once). Duplicate tag names are an error (RFC 6376 3.2: "MUST be treated as
    /// a permerror"), and so is a tag without `=` or with an invalid name. A final empty segment
    /// (a trailing `;` with optional white space) is allowed.
    init(_ bytes: [UInt8], range: Range<Int>) throws(ParseError) {
        var segmentStart = range.lowerBound
        while segmentStart <= range.upperBound {
            var segmentEnd = segmentStart
            while segmentEnd < range.upperBound && bytes[segmentEnd] != .semicolon { segmentEnd += 1 }
            let isLast = segmentEnd >= range.upperBound
            if let tag = try Self.tag(in: bytes, segment: segmentStart..<segmentEnd, isLast: isLast) {
                // A dictionary, not a scan of the tags so far: a list of many tags stays linear.
                guard positions.updateValue(tags.count, forKey: tag.name) == nil else { throw .duplicateTag(tag.name) }
                tags.append(tag)
            }
            segmentStart = segmentEnd + 1
        }
    }

    private static func tag(in bytes: [UInt8], segment: Range<Int>, isLast: Bool) throws(ParseError) -> Tag? {
        var nameStart = segment.lowerBound
        while nameStart < segment.upperBound && bytes[nameStart].isFoldingWhitespace { nameStart += 1 }
        if nameStart == segment.upperBound {
            if isLast { return nil }
            throw .malformedTag("empty tag")
        }
        var equals = nameStart
        while equals < segment.upperBound && bytes[equals] != .equals { equals += 1 }
        guard equals < segment.upperBound else {
            throw .malformedTag(String(decoding: bytes[nameStart..<segment.upperBound].prefix(32), as: UTF8.self))
        }
        var nameEnd = equals
        while nameEnd > nameStart && bytes[nameEnd - 1].isFoldingWhitespace { nameEnd -= 1 }
        let nameBytes = bytes[nameStart..<nameEnd]
        guard let first = nameBytes.first, first.isASCIILetter,
            nameBytes.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit || $0 == UInt8(ascii: "_") })
        else {
            throw .malformedTag(String(decoding: nameBytes.prefix(32), as: UTF8.self))
        }

        var valueStart = equals + 1
        var valueEnd = segment.upperBound
        while valueStart < valueEnd && bytes[valueStart].isFoldingWhitespace { valueStart += 1 }
        while valueEnd > valueStart && bytes[valueEnd - 1].isFoldingWhitespace { valueEnd -= 1 }
        return Tag(
            name: String(decoding: nameBytes, as: UTF8.self),
            value: String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self),
            rawValueRange: (equals + 1)..<segment.upperBound
        )
    }
}

extension UInt8 {
    var isASCIILetter: Bool { (self | 0x20) >= 0x61 && (self | 0x20) <= 0x7A }
    var isASCIIDigit: Bool { self >= 0x30 && self <= 0x39 }
}

extension String {
    /// The value with every folding-white-space byte removed (for base64 tags such as `b=` and `bh=`).
    var removingFoldingWhitespace: String {
        guard utf8.contains(where: \.isFoldingWhitespace) else { return self }
        return String(decoding: utf8.filter { !$0.isFoldingWhitespace }, as: UTF8.self)
    }

    /// Splits a colon-separated list, trimming folding white space around each element.
    var colonSeparatedList: [String] {
        var text = self
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { bytes in
            var elements: [String] = []
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != .colon { end += 1 }
                var first = start
                var last = end
                while first < last && bytes[first].isFoldingWhitespace { first += 1 }
                while last > first && bytes[last - 1].isFoldingWhitespace { last -= 1 }
                elements.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[first..<last]), as: UTF8.self))
                start = end + 1
            }
            return elements
        } ?? []
    }
}
