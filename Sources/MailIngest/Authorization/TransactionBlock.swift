import ErrorCodes
import Foundation

/// The transaction a mail carries in its text, between a BEGIN and an END line, and the `auth-target:`
/// that may precede it.
///
/// ```
/// auth-target: {"type":"PubKey","value":"evm:0x5b38da6a701c568545dcfcb03fcb875f56beddc4"}
/// -----BEGIN CHAINMAIL TRANSACTION-----
/// {"accountId":"alice","nonce":0,"actions":[…]}
/// -----END CHAINMAIL TRANSACTION-----
/// ```
///
/// Rules (PROTOCOL.md section 5 leaves these open; they are decided strictly here):
/// - Lines end in LF or CRLF; a line is the BEGIN or END line when, with surrounding white space removed
///   (Unicode white space, so a non-breaking space from an HTML editor counts), it equals the marker
///   exactly (case-sensitive).
/// - Quoted lines (first non-blank character `>`) are never read as BEGIN, END or `auth-target:` lines, so
///   a block in a quoted reply is ignored. Lines between BEGIN and END are taken as they are.
/// - Exactly one block: a second BEGIN after a complete block is `transaction_block_multiple`; a BEGIN
///   without its END, a BEGIN inside a block, or an END without a BEGIN is `transaction_block_unterminated`;
///   only white space between the markers is `transaction_block_empty`. No block at all gives nil.
/// - `auth-target:` (key case-insensitive) is honoured only on the line immediately before BEGIN, blank
///   lines in between not allowed, and its value must be a JSON object. An `auth-target:` line anywhere else
///   in the unquoted text (including when there is no block) is `auth_target_invalid` rather than silently
///   ignored: it would otherwise sign for a target the sender did not choose.
public struct TransactionBlock: Sendable, Hashable {
    /// The text between the BEGIN and END lines (lines joined with LF), as sent; the engine parses it.
    public let transactionJSON: String
    /// The identity JSON of the `auth-target:` line, trimmed, when there is one.
    public let authTargetJSON: String?

    public init(transactionJSON: String, authTargetJSON: String?) {
        self.transactionJSON = transactionJSON
        self.authTargetJSON = authTargetJSON
    }

    public static let beginMarker = "-----BEGIN CHAINMAIL TRANSACTION-----"
    public static let endMarker = "-----END CHAINMAIL TRANSACTION-----"
    static let authTargetKey = "auth-target:"

    public static func find(in text: String) -> Result<TransactionBlock?, MailParseError> {
        let text = Array(text.utf8)
        let lineRanges = Self.lineRanges(of: text)
        let line = { (number: Int) in Substring(String(decoding: text[lineRanges[number]], as: UTF8.self)) }
        var found: (body: Range<Int>, authTargetLine: Int?)? = nil
        var openedAt: Int? = nil
        var authTargetLines: [Int] = []

        for number in lineRanges.indices {
            // Markers hold five dashes and an auth-target line a colon; a line with neither
            // cannot matter, and most lines of a mail are such lines, so skip making it a String.
            guard Self.mayBeSpecial(text[lineRanges[number]]) else { continue }
            let trimmed = Self.trimmingWhitespace(line(number))
            if let begin = openedAt {
                if trimmed == endMarker {
                    let authTargetLine = authTargetLines.last.flatMap { $0 == begin - 1 ? $0 : nil }
                    found = ((begin + 1)..<number, authTargetLine)
                    openedAt = nil
                } else if trimmed == beginMarker {
                    return .failure(unterminated("a BEGIN line appears before the previous block's END line"))
                }
                continue
            }
            if trimmed.hasPrefix(">") { continue }
            if trimmed == beginMarker {
                guard found == nil else {
                    return .failure(
                        .init(code: .transactionBlockMultiple, message: "the text holds more than one transaction block")
                    )
                }
                openedAt = number
            } else if trimmed == endMarker {
                return .failure(unterminated("an END line without a BEGIN line"))
            } else if trimmed.count >= authTargetKey.count && trimmed.prefix(authTargetKey.count).lowercased() == authTargetKey {
                authTargetLines.append(number)
            }
        }
        if openedAt != nil { return .failure(unterminated("the BEGIN line has no END line")) }

        let honoured = found?.authTargetLine
        if authTargetLines.contains(where: { $0 != honoured }) {
            return .failure(authTargetInvalid("an auth-target: line must be the line immediately before the BEGIN line"))
        }
        guard let found else { return .success(nil) }

        let body = found.body.map(line).joined(separator: "\n")
        guard body.contains(where: { !$0.isWhitespace }) else {
            return .failure(.init(code: .transactionBlockEmpty, message: "the transaction block is empty"))
        }
        var authTarget: String? = nil
        if let number = found.authTargetLine {
            let trimmed = Self.trimmingWhitespace(line(number))
            let value = String(Self.trimmingWhitespace(trimmed.dropFirst(authTargetKey.count)))
            guard isJSONObject(value) else { return .failure(authTargetInvalid("the auth-target: value is not a JSON object")) }
            authTarget = value
        }
        return .success(TransactionBlock(transactionJSON: body, authTargetJSON: authTarget))
    }

    /// Where the lines of `text` are, without their LF or CRLF. Split on bytes: as Characters,
    /// CRLF is one grapheme and would not split on LF.
    private static func lineRanges(of text: [UInt8]) -> [Range<Int>] {
        text.withUnsafeBufferPointer { (bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] in
            guard let base = bytes.baseAddress else { return [0..<0] }
            var lines: [Range<Int>] = []
            var start = 0
            while true {
                var lineEnd = bytes.count
                if start < bytes.count, let newline = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start) {
                    lineEnd = UnsafeRawPointer(newline) - UnsafeRawPointer(base)
                }
                let contentEnd = lineEnd > start && bytes[lineEnd - 1] == UInt8(ascii: "\r") ? lineEnd - 1 : lineEnd
                lines.append(start..<contentEnd)
                guard lineEnd < bytes.count else { return lines }
                start = lineEnd + 1
            }
        }
    }

    private static func mayBeSpecial(_ line: ArraySlice<UInt8>) -> Bool {
        var dashes = 0
        for byte in line {
            if byte == UInt8(ascii: ":") { return true }
            dashes = byte == UInt8(ascii: "-") ? dashes + 1 : 0
            if dashes == 5 { return true }
        }
        return false
    }

    /// The line without surrounding Unicode white space. An ASCII line (nearly all) is trimmed of
    /// spaces and tabs over its bytes, which is what `CharacterSet.whitespaces` holds below 0x80.
    private static func trimmingWhitespace(_ line: Substring) -> Substring {
        guard line.utf8.allSatisfy({ $0 < 0x80 }) else { return Substring(line.trimmingCharacters(in: .whitespaces)) }
        guard let first = line.utf8.firstIndex(where: { !$0.isWSP }), let last = line.utf8.lastIndex(where: { !$0.isWSP }) else {
            return ""
        }
        return line[first...last]
    }

    private static func isJSONObject(_ text: String) -> Bool {
        guard text.hasPrefix("{"), let data = text.data(using: .utf8) else { return false }
        return (try? JSONSerialization.jsonObject(with: data)) is [String: Any]
    }

    private static func unterminated(_ detail: String) -> MailParseError {
        .init(code: .transactionBlockUnterminated, message: detail)
    }

    private static func authTargetInvalid(_ detail: String) -> MailParseError {
        .init(code: .authTargetInvalid, message: detail)
    }
}
