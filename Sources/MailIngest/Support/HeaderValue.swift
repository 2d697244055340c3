import DKIMVerifier

/// The value of a header field made ready for the parsers here.
enum HeaderValue {
    /// The field's value with its folds undone (RFC 5322 section 2.2.3: every CRLF followed by white space
    /// is removed). `ParsedMessage` only keeps a CRLF inside a field when a fold follows it.
    static func unfolded(_ field: HeaderField, in message: ParsedMessage) -> [UInt8] {
        let raw = message.value(of: field)
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index < raw.endIndex {
            if raw[index] == .cr && index + 1 < raw.endIndex && raw[index + 1] == .lf {
                index += 2
                continue
            }
            output.append(raw[index])
            index += 1
        }
        return output
    }
}

extension String {
    /// The text with control characters (C0 other than tab, DEL, C1) turned into spaces and surrounding
    /// white space removed, so a decoded display name or subject can be shown or echoed into a reply's
    /// header without smuggling line breaks.
    var sanitizedForHeader: String {
        // Printable ASCII and tabs (nearly every subject and name) have nothing to replace.
        if utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == .htab }) { return trimmingASCIIWhitespace }
        var scalars = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            let value = scalar.value
            if (value < 0x20 && value != 0x09) || (value >= 0x7F && value <= 0x9F) || value == 0x2028 || value == 0x2029 {
                scalars.append(" ")
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars).trimmingASCIIWhitespace
    }
}
