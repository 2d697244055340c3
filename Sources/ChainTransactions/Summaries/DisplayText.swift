/// Text from a client or from configuration made safe to show a person in an approval.
///
/// Nothing a client writes may change how the rest of a line reads: no reordering (bidi controls),
/// no hidden characters (zero-width, format, tag, variation selectors), no new lines, no closing quote.
/// Such scalars are written as `\u{XXXX}` (upper-case hex, at least four digits), a backslash as `\\`
/// and a double quote as `\"`, so the escaped text can sit between quotes and the reader sees exactly
/// which scalars are there. Letters of every script, combining accents and emoji are kept.
///
/// Text longer than `limit` Unicode scalars keeps its first `limit` scalars and ends with
/// ` … (cut: N more characters)`, N being the number of scalars left out, grouped by thousands with
/// commas (`… (cut: 1,234 more characters)`), so a reader knows the text shown is not all of it.
public enum DisplayText {
    /// `text` escaped as described above and cut after `limit` scalars (a negative limit counts as 0).
    public static func escaped(_ text: String, limit: Int) -> String {
        let limit = max(0, limit)
        var output = ""
        var shown = 0
        var remaining = 0
        for scalar in text.unicodeScalars {
            if shown < limit {
                append(scalar, to: &output)
                shown += 1
            } else {
                remaining += 1
            }
        }
        if remaining > 0 {
            output += " … (cut: \(grouped(remaining)) more \(remaining == 1 ? "character" : "characters"))"
        }
        return output
    }

    private static func append(_ scalar: Unicode.Scalar, to output: inout String) {
        switch scalar {
        case "\\": output += "\\\\"
        case "\"": output += "\\\""
        default:
            if isShownAsEscape(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                output += "\\u{" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "}"
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
    }

    /// Whether a scalar is invisible, reorders text, breaks lines or does not print: shown as an escape.
    static func isShownAsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E: return false  // printable ASCII, the common case
        case 0x00...0x1F, 0x7F...0x9F: return true  // C0 and C1 controls, DEL
        case 0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B...0x180F, 0x200B...0x200F,
            0x2028...0x202F, 0x205F...0x206F, 0x2800, 0x3164, 0xFE00...0xFE0F, 0xFEFF, 0xFFA0, 0xFFF9...0xFFFB,
            0x1D173...0x1D17A, 0xE0000...0xE007F, 0xE0100...0xE01EF:
            // Soft hyphen, combining grapheme joiner, Arabic letter mark, Hangul and braille blanks,
            // Khmer and Mongolian invisibles, zero-width and bidi marks, line and paragraph separators,
            // bidi embeddings and isolates, word joiner and invisible operators, variation selectors,
            // the byte-order mark, interlinear annotations, musical format controls, tag characters.
            return true
        default:
            break
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned, .spaceSeparator:
            // Every other format character (category Cf), and non-printing or non-ASCII spaces that
            // look like a plain space or like nothing.
            return true
        default:
            return false
        }
    }

    /// A count with commas between groups of three digits: 1,234,567.
    static func grouped(_ count: Int) -> String {
        let digits = Array(String(count))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text += "," }
            text.append(digit)
        }
        return text
    }
}
