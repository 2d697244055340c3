/// Small text helpers for answers: user input shown in a message is quoted, bounded and free of
/// control characters, so an error never echoes a large or hostile input.
enum APIText {
    static func quoted(_ text: String, limit: Int = 80) -> String {
        var shown = String(text.unicodeScalars.prefix(limit).map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
        if text.unicodeScalars.count > limit { shown += "…" }
        return "\"\(shown)\""
    }

    /// `text` when it is 64 hex digits, lowercased; nil otherwise.
    static func txHash(_ text: String) -> String? {
        guard text.utf8.count == 64, text.utf8.allSatisfy({ isHexDigit($0) }) else { return nil }
        return text.lowercased()
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }
}
