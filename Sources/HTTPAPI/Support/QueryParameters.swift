import AccountEngine
import ChainSigner

/// A query string read strictly: each name at most once, only the names a route takes,
/// percent-escapes decoded (and `+` as a space, as HTML forms and Python's urlencode send it).
struct QueryParameters {
    private var values: [String: String] = [:]

    init(_ query: String?, allowed: Set<String>) throws(HTTPAPIError) {
        guard let query, !query.isEmpty else { return }
        guard query.utf8.count <= 16 * 1024 else { throw .invalidRequest("the query string is longer than 16384 bytes") }
        for pair in query.split(separator: "&", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count == 2 ? parts[1] : "") else {
                throw .invalidRequest("the query string holds an invalid percent escape or non-UTF-8 bytes")
            }
            guard allowed.contains(name) else {
                throw .invalidRequest("unknown query parameter \(quoted(name)); this route takes \(allowed.sorted().joined(separator: ", "))")
            }
            guard values[name] == nil else { throw .invalidRequest("query parameter \(quoted(name)) is given twice") }
            values[name] = value
        }
    }

    func required(_ name: String) throws(HTTPAPIError) -> String {
        guard let value = values[name] else { throw .invalidRequest("missing query parameter \(quoted(name))") }
        return value
    }

    /// Percent-escapes decoded; `+` is a space in a query (`plusIsSpace`), itself in a path segment.
    static func decode(_ text: Substring, plusIsSpace: Bool = true) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+") where plusIsSpace:
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next()?.hexValue, let low = iterator.next()?.hexValue else { return nil }
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
