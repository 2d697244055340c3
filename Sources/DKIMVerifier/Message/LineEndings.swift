#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Mail read from files is often stored with bare LF line ends; DKIM is defined over CRLF.
enum LineEndings {
    /// The message with every bare LF turned into CRLF. Returns the input unchanged (no copy)
    /// when it is already CRLF throughout, which is the case for mail fetched over IMAP.
    static func normalizedToCRLF(_ bytes: [UInt8]) -> [UInt8] {
        let bareLineFeeds = bytes.withUnsafeBufferPointer { buffer -> Int in
            var count = 0
            var position = 0
            while let lineFeed = buffer.index(of: .lineFeed, from: position) {
                if lineFeed == 0 || buffer[lineFeed - 1] != .carriageReturn { count += 1 }
                position = lineFeed + 1
            }
            return count
        }
        guard bareLineFeeds > 0 else { return bytes }

        return [UInt8](unsafeUninitializedCapacity: bytes.count + bareLineFeeds) { output, initializedCount in
            var written = 0
            var previous: UInt8 = 0
            for byte in bytes {
                if byte == .lineFeed && previous != .carriageReturn {
                    output[written] = .carriageReturn
                    written += 1
                }
                output[written] = byte
                written += 1
                previous = byte
            }
            initializedCount = written
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The index of the first `byte` at or after `start`, found with `memchr`.
    func index(of byte: UInt8, from start: Int, to end: Int? = nil) -> Int? {
        let limit = end ?? count
        guard start < limit, let base = baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(byte), limit - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }
}

extension UInt8 {
    static let carriageReturn: UInt8 = 0x0D
    static let lineFeed: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let equals: UInt8 = 0x3D

    /// RFC 5234 WSP: space or horizontal tab.
    var isWhitespace: Bool { self == .space || self == .tab }

    /// Folding white space as it appears inside a header field: WSP or the CRLF of a fold.
    var isFoldingWhitespace: Bool { self == .space || self == .tab || self == .carriageReturn || self == .lineFeed }
}
