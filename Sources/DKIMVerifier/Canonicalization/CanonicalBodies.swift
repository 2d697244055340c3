import Crypto

/// The canonical bodies of one message, computed at most once per canonicalization however
/// many signatures ask for them.
struct CanonicalBodies {
    let message: ParsedMessage
    private var simple: [UInt8]?
    private var relaxed: [UInt8]?

    init(message: ParsedMessage) {
        self.message = message
    }

    mutating func canonical(_ canonicalization: DKIMCanonicalization) -> [UInt8] {
        switch canonicalization {
        case .simple:
            if let simple { return simple }
            let body = compute(.simple)
            simple = body
            return body
        case .relaxed:
            if let relaxed { return relaxed }
            let body = compute(.relaxed)
            relaxed = body
            return body
        }
    }

    private func compute(_ canonicalization: DKIMCanonicalization) -> [UInt8] {
        message.bytes.withUnsafeBufferPointer {
            BodyCanonicalizer.canonicalize($0, range: message.bodyRange, canonicalization: canonicalization)
        }
    }

    static func hash(_ body: ArraySlice<UInt8>, algorithm: DKIMAlgorithm) -> [UInt8] {
        switch algorithm {
        case .rsaSHA1: Array(Insecure.SHA1.hash(data: body))
        case .rsaSHA256, .ed25519SHA256: Array(SHA256.hash(data: body))
        }
    }
}
