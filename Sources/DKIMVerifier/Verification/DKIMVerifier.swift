/// Verifies the DKIM signatures of a message (RFC 6376, RFC 8301, RFC 8463).
///
/// Verification never throws: every outcome, including malformed input and DNS failures, is a
/// verdict with a reason. Work per message is bounded by `DKIMPolicy.maximumSignatures`,
/// `maximumHeaderFields` and `maximumSignedHeaders`, and linear in the message.
public struct DKIMVerifier: Sendable {
    public let policy: DKIMPolicy
    private let resolver: any KeyResolver
    private let keyCache = KeyRecordCache()

    public init(resolver: any KeyResolver, policy: DKIMPolicy = DKIMPolicy()) {
        self.resolver = resolver
        self.policy = policy
    }

    /// Verifies a raw message (CRLF or bare LF line ends) at `now` (unix seconds). Runs on the
    /// caller's executor: verification is CPU work, and only a resolver that must wait hops away.
    nonisolated(nonsending) public func verify(message: [UInt8], now: Int64) async -> DKIMMessageVerdict {
        await verify(ParsedMessage(message), now: now)
    }

    nonisolated(nonsending) public func verify(_ message: ParsedMessage, now: Int64) async -> DKIMMessageVerdict {
        let fields = message.headers.lazy.filter { $0.lowercasedName == "dkim-signature" }.prefix(policy.maximumSignatures)
        var bodies = CanonicalBodies(message: message)
        var verdicts: [DKIMSignatureVerdict] = []
        for field in fields {
            verdicts.append(await evaluate(field, in: message, now: now, bodies: &bodies))
        }
        return DKIMMessageVerdict(signatures: verdicts)
    }

    nonisolated(nonsending) private func evaluate(
        _ field: HeaderField,
        in message: ParsedMessage,
        now: Int64,
        bodies: inout CanonicalBodies
    ) async -> DKIMSignatureVerdict {
        let signature: DKIMSignature
        switch DKIMSignature.parse(field, in: message.bytes) {
        case .failure(let failure):
            return DKIMSignatureVerdict(
                result: .permerror,
                reason: failure.reason,
                domain: failure.domain,
                selector: failure.selector,
                algorithm: failure.algorithm,
                signature: nil,
                key: nil,
                canonicalBodyLength: nil
            )
        case .success(let parsed):
            signature = parsed
        }
        var keyFacts: DKIMSignatureVerdict.KeyFacts?
        var canonicalBodyLength: Int?
        func verdict(_ result: DKIMResult, _ reason: DKIMReason) -> DKIMSignatureVerdict {
            DKIMSignatureVerdict(
                result: result,
                reason: reason,
                domain: signature.domain,
                selector: signature.selector,
                algorithm: signature.algorithm.rawValue,
                signature: signature,
                key: keyFacts,
                canonicalBodyLength: canonicalBodyLength
            )
        }

        // Caps checked before any work that grows with them.
        if message.headers.count > policy.maximumHeaderFields {
            return verdict(.permerror, .tooManyHeaders(message.headers.count, maximum: policy.maximumHeaderFields))
        }
        if signature.signedHeaders.count > policy.maximumSignedHeaders {
            return verdict(.permerror, .hTagTooLong(signature.signedHeaders.count, maximum: policy.maximumSignedHeaders))
        }
        if let expiration = signature.expiration, now > expiration + policy.clockSkew {
            return verdict(.permerror, .expired(expiration))
        }
        if let timestamp = signature.timestamp, timestamp > now + policy.clockSkew {
            return verdict(.permerror, .inFuture(timestamp))
        }

        let keys: [DKIMKeyRecord]
        let dnssec: DNSSECStatus
        switch await resolver.lookupTXT(signature.keyName) {
        case .temporaryFailure(let failure):
            return verdict(.temperror, .keyLookupFailed(signature.keyName, failure))
        case .nxdomain, .noData:
            return verdict(.permerror, .keyNotFound(signature.keyName))
        case .records(let texts, let status):
            dnssec = status
            var firstProblem: DKIMReason?
            var usable: [DKIMKeyRecord] = []
            // RFC 6376 6.1.2 lets a verifier try each of several records in turn.
            for text in texts {
                switch keyCache.record(for: text) {
                case .failure(let reason):
                    firstProblem = firstProblem ?? reason
                case .success(let record):
                    if let problem = record.check(usableFor: signature) {
                        firstProblem = firstProblem ?? problem
                    } else {
                        usable.append(record)
                    }
                }
            }
            guard !usable.isEmpty else { return verdict(.permerror, firstProblem ?? .keyNotFound(signature.keyName)) }
            keys = usable
        }

        let body = bodies.canonical(signature.bodyCanonicalization)
        canonicalBodyLength = body.count
        if let length = signature.bodyLength, length > body.count {
            return verdict(.permerror, .bodyShorterThanLength)
        }
        let bodyHash = body.hash(prefix: signature.bodyLength ?? body.count, of: message.bytes, algorithm: signature.algorithm)
        guard bodyHash == signature.bodyHash else {
            keyFacts = keys.first.map { .init(bits: $0.keyBits, isTesting: $0.isTesting, dnssec: dnssec) }
            return verdict(.fail, .bodyHashMismatch)
        }

        let headerDigest = HeaderDigest.compute(Self.signedHeaderData(for: signature, in: message), algorithm: signature.algorithm)
        guard
            let key = keys.first(where: {
                $0.publicKey.isValidSignature(signature.signatureBytes, headerDigest: headerDigest, algorithm: signature.algorithm)
            })
        else {
            keyFacts = keys.first.map { .init(bits: $0.keyBits, isTesting: $0.isTesting, dnssec: dnssec) }
            return verdict(.fail, .signatureMismatch)
        }
        keyFacts = .init(bits: key.keyBits, isTesting: key.isTesting, dnssec: dnssec)

        if signature.algorithm == .rsaSHA1 && !policy.allowSHA1 {
            return verdict(.policy, .sha1Disabled)
        }
        if key.keyType == "rsa" && key.keyBits < policy.minimumRSABits {
            return verdict(.policy, .weakKey(key.keyBits, minimum: policy.minimumRSABits))
        }
        if let length = signature.bodyLength, length < body.count, !policy.allowPartialBody {
            return verdict(.policy, .partialBody(signed: length, total: body.count))
        }
        return verdict(.pass, .verified)
    }

    /// The header data RFC 6376 3.7 hashes: the fields named by `h=`, each taken from the bottom
    /// up and followed by CRLF, then the signature field itself with `b=` blanked and no CRLF.
    /// Linear in the header and `h=` (see `SignedHeaderSelector`).
    static func signedHeaderData(for signature: DKIMSignature, in message: ParsedMessage) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.bodyStart + 64)
        var selector = SignedHeaderSelector(headers: message.headers, names: signature.signedHeaders, excluding: signature.field.range)
        message.bytes.withUnsafeBufferPointer { bytes in
            for name in signature.signedHeaders {
                // A name listed more often than it occurs signs the absence of further instances.
                guard let selected = selector.next(name) else { continue }
                HeaderCanonicalizer.append(selected, of: bytes, canonicalization: signature.headerCanonicalization, to: &output)
                output.append(.carriageReturn)
                output.append(.lineFeed)
            }
            HeaderCanonicalizer.append(
                signature.field,
                of: bytes,
                excluding: signature.rawSignatureValueRange,
                canonicalization: signature.headerCanonicalization,
                to: &output
            )
        }
        return output
    }
}
