/// RFC 6376 3.4.3 and 3.4.4: the canonical body, as the bytes that are hashed.
enum BodyCanonicalizer {
    /// The canonical form of `bytes[range]` (a CRLF body).
    static func canonicalize(
        _ bytes: UnsafeBufferPointer<UInt8>,
        range: Range<Int>,
        canonicalization: DKIMCanonicalization
    ) -> [UInt8] {
        switch canonicalization {
        case .simple: simple(bytes, range: range)
        case .relaxed: relaxed(bytes, range: range)
        }
    }

    /// Trailing empty lines removed; an empty body, or one that does not end in CRLF, gets a CRLF.
    private static func simple(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> [UInt8] {
        var end = range.upperBound
        while end - range.lowerBound >= 4 && bytes[end - 1] == .lineFeed && bytes[end - 2] == .carriageReturn
            && bytes[end - 3] == .lineFeed && bytes[end - 4] == .carriageReturn
        {
            end -= 2
        }
        var output = Array(UnsafeBufferPointer(rebasing: bytes[range.lowerBound..<end]))
        if output.count < 2 || output[output.count - 2] != .carriageReturn || output[output.count - 1] != .lineFeed {
            output.append(.carriageReturn)
            output.append(.lineFeed)
        }
        return output
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
                var lineEnd = lineStart
                while lineEnd < range.upperBound
                    && !(bytes[lineEnd] == .carriageReturn && lineEnd + 1 < range.upperBound && bytes[lineEnd + 1] == .lineFeed)
                {
                    lineEnd += 1
                }
                var lineHasContent = false
                var pendingSpace = false
                for index in lineStart..<lineEnd {
                    let byte = bytes[index]
                    if byte.isWhitespace {
                        pendingSpace = true
                        continue
                    }
                    if !lineHasContent {
                        written = flush(pendingEmptyLines, into: output, at: written)
                        pendingEmptyLines = 0
                        lineHasContent = true
                    }
                    if pendingSpace {
                        output[written] = .space
                        written += 1
                        pendingSpace = false
                    }
                    output[written] = byte
                    written += 1
                }
                if lineHasContent {
                    output[written] = .carriageReturn
                    output[written + 1] = .lineFeed
                    written += 2
                } else {
                    pendingEmptyLines += 1
                }
                lineStart = lineEnd + 2
            }
            initializedCount = written
        }
    }

    private static func flush(_ lines: Int, into output: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        var written = start
        for _ in 0..<lines {
            output[written] = .carriageReturn
            output[written + 1] = .lineFeed
            written += 2
        }
        return written
    }
}
