/// RFC 3676 format=flowed: lines ending in a space continue on the next line (of the same quote depth).
///
/// Undone so a long `auth-target:` line or JSON that the client soft-wrapped reads as the sender typed it.
/// Quote markers are kept (`> ` before the joined line), space-stuffing is removed, and the signature
/// separator `-- ` stays a line of its own.
enum FlowedText {
    static func unflow(_ text: String, deleteSpace: Bool) -> String {
        var output: [String] = []
        var paragraph = ""
        var paragraphDepth = -1
        var open = false
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine)
            var depth = 0
            while line.first == ">" {
                depth += 1
                line = line.dropFirst()
            }
            if line.first == " " { line = line.dropFirst() }
            let isSignatureSeparator = line == "-- "
            let flowed = line.hasSuffix(" ") && !isSignatureSeparator
            if open && depth != paragraphDepth {
                output.append(prefix(paragraphDepth) + paragraph)
                open = false
            }
            if !open {
                paragraph = ""
                paragraphDepth = depth
            }
            paragraph += flowed && deleteSpace ? String(line.dropLast()) : String(line)
            open = flowed
            if !flowed { output.append(prefix(depth) + paragraph) }
        }
        if open { output.append(prefix(paragraphDepth) + paragraph) }
        return output.joined(separator: "\n")
    }

    private static func prefix(_ depth: Int) -> String { depth == 0 ? "" : String(repeating: ">", count: depth) + " " }
}
