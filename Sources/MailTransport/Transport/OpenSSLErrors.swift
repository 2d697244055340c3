import COpenSSL

/// OpenSSL keeps errors in a per-thread queue; each operation clears it first and reads it right
/// after, on the same thread, so messages never leak between connections.
enum OpenSSLErrors {
    static func clear() { ERR_clear_error() }

    /// Drains the queue into one line ("error:0A000086:SSL routines::certificate verify failed; …").
    static func drain() -> String {
        var parts: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            parts.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return parts.joined(separator: "; ")
    }
}
