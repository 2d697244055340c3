import ByteEncoding

/// The `; name=value` parameters of a MIME field, with RFC 2231 continuations (`name*0`, `name*1`) joined and
/// extended values (`name*=charset'lang'%XX`) decoded.
///
/// Names are lowercased; values keep their case. A parameter given twice under the same name is an error
/// (two readers could pick different ones); when both `name` and `name*` (or `name*0`…) are present the
/// RFC 2231 one wins, as the plain one is the fallback some clients add for old readers, except that the
/// parameters that decide how the body is read (boundary, charset, format, delsp) must then agree.
enum MIMEParameters {
    static func parse(_ scanner: inout MIMEHeaderScanner) -> Result<[String: String], MailParseError> {
        var simple: [String: String] = [:]
        // name → section number → (raw bytes, extended)
        var sectioned: [String: [Int: ([UInt8], Bool)]] = [:]
        var seenRawNames: Set<String> = []
        while true {
            guard scanner.skipCFWS() else { return .failure(malformed("an unterminated comment")) }
            if scanner.isAtEnd { break }
            guard scanner.consume(0x3B) else { return .failure(malformed("text where \";\" or the end was expected")) }
            guard scanner.skipCFWS() else { return .failure(malformed("an unterminated comment")) }
            if scanner.isAtEnd { break }  // a trailing ";" is common and harmless
            guard let nameBytes = scanner.token() else { return .failure(malformed("a parameter without a name")) }
            guard scanner.skipCFWS(), scanner.consume(0x3D), scanner.skipCFWS() else {
                return .failure(malformed("a parameter without \"=\""))
            }
            let value: [UInt8]
            if let quoted = scanner.quotedString() {
                value = quoted
            } else if let token = scanner.token() {
                value = token
            } else {
                return .failure(malformed("a parameter without a value"))
            }
            let rawName = String(decoding: nameBytes, as: UTF8.self).asciiLowercased
            guard seenRawNames.insert(rawName).inserted else { return .failure(malformed("the parameter \(rawName) is repeated")) }

            let pieces = rawName.split(separator: "*", omittingEmptySubsequences: false)
            if pieces.count == 1 {
                simple[rawName] = String(decoding: value, as: UTF8.self)
                guard String(validating: value, as: UTF8.self) != nil else {
                    return .failure(malformed("the parameter \(rawName) is not UTF-8"))
                }
                continue
            }
            let name = String(pieces[0])
            let section: Int
            let extended: Bool
            switch pieces.count {
            case 2 where pieces[1].isEmpty:  // name*
                section = 0
                extended = true
            case 2, 3:
                guard let number = Int(pieces[1]), number >= 0, number < 1000, pieces[1].allSatisfy(\.isASCII),
                    pieces[1] == "0" || !pieces[1].hasPrefix("0"), pieces.count == 2 || pieces[2].isEmpty
                else { return .failure(malformed("the parameter name \(rawName) is not RFC 2231")) }
                section = number
                extended = pieces.count == 3
            default:
                return .failure(malformed("the parameter name \(rawName) is not RFC 2231"))
            }
            guard sectioned[name, default: [:]][section] == nil else {
                return .failure(malformed("the parameter \(name) repeats section \(section)"))
            }
            sectioned[name, default: [:]][section] = (value, extended)
        }

        var parameters = simple
        for (name, sections) in sectioned {
            switch join(name: name, sections: sections) {
            case .success(let value):
                // A parameter that decides how the body is read, given both ways, must be given the
                // same way: a reader of the plain one and a reader of the RFC 2231 one would otherwise
                // see different parts or text. (A file name's fallback may differ: it decides nothing.)
                if Self.decisive.contains(name), let plain = simple[name], plain != value {
                    return .failure(malformed("the parameter \(name) is given twice, as \(name) and in RFC 2231 form, with different values"))
                }
                parameters[name] = value
            case .failure(let error): return .failure(error)
            }
        }
        return .success(parameters)
    }

    private static func join(name: String, sections: [Int: ([UInt8], Bool)]) -> Result<String, MailParseError> {
        var bytes: [UInt8] = []
        var charset: Charset? = nil
        for number in 0..<sections.count {
            guard let (value, extended) = sections[number] else {
                return .failure(malformed("the parameter \(name) misses section \(number)"))
            }
            guard extended else {
                bytes += value
                continue
            }
            var encoded = value[...]
            if number == 0 {
                let quotes = encoded.indices.filter { encoded[$0] == 0x27 }.prefix(2)
                guard quotes.count == 2 else { return .failure(malformed("the parameter \(name)* lacks charset'language'")) }
                let label = String(decoding: encoded[..<quotes[0]], as: UTF8.self)
                if !label.isEmpty {
                    guard let known = Charset(label: label) else { return .failure(.charsetUnsupported(label)) }
                    charset = known
                }
                encoded = encoded[(quotes[1] + 1)...]
            }
            guard let decoded = percentDecode(encoded) else { return .failure(malformed("the parameter \(name)* has a bad % escape")) }
            bytes += decoded
        }
        guard let text = (charset ?? .utf8).decode(bytes) else { return .failure(.charsetInvalid((charset ?? .utf8).rawValue)) }
        return .success(text)
    }

    private static func percentDecode(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == 0x25 {
                guard index + 2 < bytes.endIndex, let high = Hex.digitValue(bytes[index + 1]), let low = Hex.digitValue(bytes[index + 2]) else {
                    return nil
                }
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }

    /// The parameters that decide which parts a body has and how their text is read.
    private static let decisive: Set<String> = ["boundary", "charset", "format", "delsp"]

    private static func malformed(_ detail: String) -> MailParseError { .mimeMalformed("MIME parameters: \(detail)") }
}
