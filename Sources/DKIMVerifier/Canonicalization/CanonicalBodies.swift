/// The canonical bodies of one message, computed at most once per canonicalization however
/// many signatures ask for them.
struct CanonicalBodies {
    let message: ParsedMessage
    private var simple: CanonicalBody?
    private var relaxed: CanonicalBody?

    init(message: ParsedMessage) {
        self.message = message
    }

    mutating func canonical(_ canonicalization: DKIMCanonicalization) -> CanonicalBody {
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

    private func compute(_ canonicalization: DKIMCanonicalization) -> CanonicalBody {
        message.bytes.withUnsafeBufferPointer {
            BodyCanonicalizer.canonicalize($0, range: message.bodyRange, canonicalization: canonicalization)
        }
    }
}
