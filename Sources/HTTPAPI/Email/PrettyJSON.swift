import AccountEngine

/// JSON with one member or element a line, two-space indents, members in the order sent: the
/// transaction block of the approval email stays readable and its lines short. Scalars are
/// written as the engine's compact form writes them (control characters escaped), so the text
/// parses back to the same txHash.
enum PrettyJSON {
    static func text(_ value: JSONValue) -> String {
        var output = ""
        write(value, indent: "", to: &output)
        return output
    }

    private static func write(_ value: JSONValue, indent: String, to output: inout String) {
        let inner = indent + "  "
        switch value {
        case .array(let elements) where !elements.isEmpty:
            output += "[\n"
            for (position, element) in elements.enumerated() {
                output += inner
                write(element, indent: inner, to: &output)
                output += position == elements.count - 1 ? "\n" : ",\n"
            }
            output += indent + "]"
        case .object(let object) where !object.members.isEmpty:
            output += "{\n"
            for (position, member) in object.members.enumerated() {
                output += inner + JSONValue.string(member.key).compactText + ": "
                write(member.value, indent: inner, to: &output)
                output += position == object.members.count - 1 ? "\n" : ",\n"
            }
            output += indent + "}"
        default:
            output += value.compactText
        }
    }
}
