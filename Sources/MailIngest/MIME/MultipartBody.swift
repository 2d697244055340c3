import ErrorCodes

/// RFC 2046 section 5.1.1: the body parts of a multipart body, found by their boundary delimiters.
///
/// A delimiter is a line that is exactly `--boundary` followed only by transport padding (spaces, tabs);
/// the close delimiter is `--boundary--` with the same padding allowed. The CRLF before a delimiter belongs
/// to it, not to the part before. Text before the first delimiter (preamble) and after the close delimiter
/// (epilogue) is ignored. A body without any delimiter, or without its close delimiter, is malformed: a
/// truncated multipart could otherwise be read differently by different readers.
///
/// PROTOCOL.md 5: a line anywhere in the body (preamble, parts, epilogue) that starts with `--boundary` but
/// carries more than transport padding after it (other than the close delimiter's `--`), and any delimiter
/// line after the close delimiter, is `mime_malformed`, never text: readers that match boundaries by prefix
/// would otherwise cut the body where this one does not.
enum MultipartBody {
    /// The byte ranges of the parts (in `bytes`, within `body`). One pass over the body.
    static func parts(of bytes: [UInt8], body: Range<Int>, boundary: [UInt8], budget: Int, maxParts: Int) -> Result<[Range<Int>], MailParseError> {
        let dashBoundary: [UInt8] = [0x2D, 0x2D] + boundary
        var parts: [Range<Int>] = []
        var partStart: Int? = nil
        var closed = false
        var lineStart = body.lowerBound
        while lineStart < body.upperBound {
            let lineEnd = bytes[lineStart..<body.upperBound].firstIndex(of: .lf).map { $0 + 1 } ?? body.upperBound
            switch delimiter(bytes, line: lineStart..<lineEnd, dashBoundary: dashBoundary) {
            case nil: break
            case .malformed:
                return .failure(.mimeMalformed("a line starts with the boundary delimiter but has more after it"))
            case _ where closed:
                return .failure(.mimeMalformed("a boundary delimiter follows the close delimiter"))
            case let kind?:
                if let start = partStart {
                    // The CRLF ending the previous line is part of this delimiter.
                    let end = max(start, lineStart - 2)
                    parts.append(start..<end)
                    guard parts.count <= budget else { return .failure(tooMany(maxParts)) }
                }
                if kind == .close {
                    guard partStart != nil else { return .failure(.mimeMalformed("a multipart closes before its first part")) }
                    closed = true
                }
                partStart = lineEnd
            }
            lineStart = lineEnd
        }
        if closed { return .success(parts) }
        if partStart == nil { return .failure(.mimeMalformed("no boundary delimiter in the multipart body")) }
        return .failure(.mimeMalformed("the multipart body has no close delimiter"))
    }

    static func tooMany(_ maxParts: Int) -> MailParseError {
        .init(code: .tooManyParts, message: "the message has more than \(maxParts) MIME parts")
    }

    private enum Delimiter { case open, close, malformed }

    /// What a line starting with `--boundary` is; nil for any other line.
    private static func delimiter(_ bytes: [UInt8], line: Range<Int>, dashBoundary: [UInt8]) -> Delimiter? {
        guard line.count >= dashBoundary.count, bytes[line.lowerBound..<(line.lowerBound + dashBoundary.count)].elementsEqual(dashBoundary)
        else { return nil }
        var position = line.lowerBound + dashBoundary.count
        var kind = Delimiter.open
        if position + 1 < line.upperBound && bytes[position] == 0x2D && bytes[position + 1] == 0x2D {
            kind = .close
            position += 2
        }
        while position < line.upperBound && bytes[position].isWSP { position += 1 }
        let rest = bytes[position..<line.upperBound]
        guard rest.isEmpty || rest.elementsEqual([UInt8.cr, .lf]) else { return .malformed }
        return kind
    }

    /// RFC 2046 boundary syntax: 1 to 70 characters from bchars, not ending in a space.
    static func isValidBoundary(_ boundary: [UInt8]) -> Bool {
        guard (1...70).contains(boundary.count), boundary.last != .sp else { return false }
        return boundary.allSatisfy { byte in
            if byte.isAlpha || byte.isDigit { return true }
            switch byte {
            case 0x27, 0x28, 0x29, 0x2B, 0x5F, 0x2C, 0x2D, 0x2E, 0x2F, 0x3A, 0x3D, 0x3F, 0x20: return true
            default: return false
            }
        }
    }
}
