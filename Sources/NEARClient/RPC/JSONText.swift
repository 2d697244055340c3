import Foundation

/// Compact JSON text of a value read by `JSONSerialization`, for messages (sorted keys, bounded length).
enum JSONText {
    /// The longest text a message quotes.
    static let maximumLength = 600

    static func of(_ value: Any) -> String {
        let text: String
        if let string = value as? String {
            text = string
        } else if JSONSerialization.isValidJSONObject(value),
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
        {
            text = String(decoding: data, as: UTF8.self)
        } else {
            text = String(describing: value)
        }
        return text.count > maximumLength ? String(text.prefix(maximumLength)) + "…" : text
    }
}

/// Whole numbers read by `JSONSerialization`.
enum JSONNumber {
    /// A non-negative integer below 2⁶⁴, or nil for anything else (a fraction, a string, a negative).
    static func uint64(_ value: Any) -> UInt64? {
        guard let number = value as? NSNumber else { return nil }
        return UInt64(number.stringValue)
    }
}
