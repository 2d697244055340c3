import Crypto

/// A canonicalized body: either a slice of the message (plus perhaps a CRLF), when
/// canonicalization changes nothing inside the body, or new bytes when it does.
enum CanonicalBody: Sendable {
    case slice(Range<Int>, addsLineEnd: Bool)
    case bytes([UInt8])

    var count: Int {
        switch self {
        case .slice(let range, let addsLineEnd): range.count + (addsLineEnd ? 2 : 0)
        case .bytes(let bytes): bytes.count
        }
    }

    /// The hash of the first `length` canonical bytes, without copying the message.
    func hash(prefix length: Int, of message: [UInt8], algorithm: DKIMAlgorithm) -> [UInt8] {
        switch algorithm {
        case .rsaSHA1:
            var hasher = Insecure.SHA1()
            feed(&hasher, prefix: length, of: message)
            return Array(hasher.finalize())
        case .rsaSHA256, .ed25519SHA256:
            var hasher = SHA256()
            feed(&hasher, prefix: length, of: message)
            return Array(hasher.finalize())
        }
    }

    private func feed<Hasher: HashFunction>(_ hasher: inout Hasher, prefix length: Int, of message: [UInt8]) {
        switch self {
        case .bytes(let bytes):
            hasher.update(data: bytes.prefix(length))
        case .slice(let range, let addsLineEnd):
            let fromMessage = min(length, range.count)
            message.withUnsafeBytes {
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[range.lowerBound..<(range.lowerBound + fromMessage)]))
            }
            if addsLineEnd && length > range.count {
                hasher.update(data: [UInt8.carriageReturn, UInt8.lineFeed].prefix(length - range.count))
            }
        }
    }
}

extension CanonicalBody {
    /// The canonical bytes themselves (copies the slice case).
    func bytes(of message: [UInt8]) -> [UInt8] {
        switch self {
        case .bytes(let bytes): bytes
        case .slice(let range, let addsLineEnd): Array(message[range]) + (addsLineEnd ? [.carriageReturn, .lineFeed] : [])
        }
    }
}
