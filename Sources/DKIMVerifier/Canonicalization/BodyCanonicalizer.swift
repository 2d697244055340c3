/// RFC 6376 3.4.3 and 3.4.4: the canonical body.
enum BodyCanonicalizer {
    /// The canonical form of `bytes[range]` (a CRLF body).
    static func canonicalize(
        _ bytes: UnsafeBufferPointer<UInt8>,
        range: Range<Int>,
        canonicalization: DKIMCanonicalization
    ) -> CanonicalBody {
        switch canonicalization {
        case .simple:
            return simple(bytes, range: range)
        case .relaxed:
            // Most mail has no tab, no double space and no space at a line end: then relaxed
            // canonicalization only drops trailing empty lines, as simple does, except that an
            // empty body stays empty.
            guard needsRelaxedRewrite(bytes, range: range) else {
                let canonical = simple(bytes, range: range)
                if case .slice(let slice, true) = canonical, slice.isEmpty { return .slice(slice, addsLineEnd: false) }
                if case .slice(let slice, false) = canonical, slice.count == 2, bytes[slice.lowerBound] == .carriageReturn {
                    return .slice(slice.lowerBound..<slice.lowerBound, addsLineEnd: false)
                }
                return canonical
            }
            return .bytes(relaxed(bytes, range: range))
        }
    }

    /// Trailing empty lines removed; an empty body, or one that does not end in CRLF, gets a CRLF.
    private static func simple(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> CanonicalBody {
        var end = range.upperBound
        while end - range.lowerBound >= 4 && bytes[end - 1] == .lineFeed && bytes[end - 2] == .carriageReturn
            && bytes[end - 3] == .lineFeed && bytes[end - 4] == .carriageReturn
        {
            end -= 2
        }
        let endsWithLineEnd = end - range.lowerBound >= 2 && bytes[end - 2] == .carriageReturn && bytes[end - 1] == .lineFeed
        return .slice(range.lowerBound..<end, addsLineEnd: !endsWithLineEnd)
    }

    /// Whether the body holds anything relaxed canonicalization rewrites inside lines: a tab, two
    /// spaces in a row, or a space before a line end or at the very end. Reads eight bytes at a
    /// time; a false alarm would only cost the slower exact path.
    private static func needsRelaxedRewrite(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> Bool {
        guard !range.isEmpty, let base = UnsafeRawPointer(bytes.baseAddress) else { return false }
        if bytes[range.upperBound - 1] == .space { return true }
        var index = range.lowerBound
        while index + 9 <= range.upperBound {
            let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let following = base.loadUnaligned(fromByteOffset: index + 1, as: UInt64.self)
            let spaces = SWAR.bytes(equalTo: .space, in: word)
            let spaceOrReturnAfter = SWAR.bytes(equalTo: .space, in: following) | SWAR.bytes(equalTo: .carriageReturn, in: following)
            if SWAR.bytes(equalTo: .tab, in: word) != 0 || spaces & spaceOrReturnAfter != 0 { return true }
            index += 8
        }
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == .tab { return true }
            if byte == .space && (index + 1 == range.upperBound || bytes[index + 1] == .space || bytes[index + 1] == .carriageReturn) {
                return true
            }
            index += 1
        }
        return false
    }

    /// Per line: white space at the end removed, other runs made one space. Trailing empty lines
    /// removed; a non-empty body that does not end in CRLF gets one; an empty body stays empty.
    private static func relaxed(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> [UInt8] {
        // Output never outgrows the input plus the CRLF a last unterminated line may get.
        [UInt8](unsafeUninitializedCapacity: range.count + 2) { output, initializedCount in
            var written = 0
            // Empty lines are only written once a non-empty line follows them.
            var pendingEmptyLines = 0
            var lineStart = range.lowerBound
            while lineStart < range.upperBound {
                let lineFeed = bytes.index(of: .lineFeed, from: lineStart, to: range.upperBound)
                let next = lineFeed.map { $0 + 1 } ?? range.upperBound
                var contentEnd = lineFeed ?? range.upperBound
                if lineFeed != nil && contentEnd > lineStart && bytes[contentEnd - 1] == .carriageReturn { contentEnd -= 1 }
                while contentEnd > lineStart && bytes[contentEnd - 1].isWhitespace { contentEnd -= 1 }
                guard contentEnd > lineStart else {
                    pendingEmptyLines += 1
                    lineStart = next
                    continue
                }
                for _ in 0..<pendingEmptyLines {
                    output[written] = .carriageReturn
                    output[written + 1] = .lineFeed
                    written += 2
                }
                pendingEmptyLines = 0
                var previousWasSpace = false
                for index in lineStart..<contentEnd {
                    let byte = bytes[index]
                    if byte.isWhitespace {
                        if !previousWasSpace {
                            output[written] = .space
                            written += 1
                        }
                        previousWasSpace = true
                    } else {
                        output[written] = byte
                        written += 1
                        previousWasSpace = false
                    }
                }
                output[written] = .carriageReturn
                output[written + 1] = .lineFeed
                written += 2
                lineStart = next
            }
            initializedCount = written
        }
    }
}
