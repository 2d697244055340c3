/// One header field exactly as it stands in the message, folds included.
public struct HeaderField: Sendable, Hashable {
    /// The field's bytes from the first byte of its name to the end of its last line, without
    /// the final CRLF.
    public let range: Range<Int>
    /// Where the value starts: the byte after the colon (or `range.upperBound` when the line has no colon).
    public let valueStart: Int
    /// The field name lowercased, without the white space obsolete syntax allows before the colon.
    /// Empty for a line that has no colon: such a line can never be selected by `h=`.
    public let lowercasedName: String
}
