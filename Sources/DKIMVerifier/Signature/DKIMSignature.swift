import ByteEncoding

/// A parsed and syntax-checked DKIM-Signature field (RFC 6376 3.5).
public struct DKIMSignature: Sendable, Hashable {
    /// `v=`: "1", or nil/"0.5" for the pre-RFC drafts still met in old mail.
    public let version: String?
    public let algorithm: DKIMAlgorithm
    public let headerCanonicalization: DKIMCanonicalization
    public let bodyCanonicalization: DKIMCanonicalization
    /// `d=`, lowercased.
    public let domain: String
    /// `s=`, lowercased.
    public let selector: String
    /// `h=`, lowercased, in order, repeats kept.
    public let signedHeaders: [String]
    /// `i=`, or `@` + domain when absent.
    public let identity: String
    /// `l=`.
    public let bodyLength: Int?
    /// `t=`.
    public let timestamp: Int64?
    /// `x=`.
    public let expiration: Int64?
    /// `b=` as it was written, white space removed (the value used to recognise a mail seen before).
    public let signatureBase64: String
    public let signatureBytes: [UInt8]
    public let bodyHash: [UInt8]
    /// The field it came from, and the raw range of its `b=` value (blanked for hashing).
    public let field: HeaderField
    let rawSignatureValueRange: Range<Int>

    /// The DNS name of the key record.
    public var keyName: String { "\(selector)._domainkey.\(domain)" }
}

extension DKIMSignature {
    /// Parses a DKIM-Signature field. A failure carries the reason that makes the signature a `permerror`.
    /// On failure, `partial` gives what could be read of `d=`, `s=` and `a=` for the report.
    static func parse(_ field: HeaderField, in bytes: [UInt8]) -> Result<DKIMSignature, DKIMSignatureParseFailure> {
        let tags: TagList
        do {
            tags = try TagList(bytes, range: field.valueStart..<field.range.upperBound)
        } catch {
            let detail =
                switch error {
                case .duplicateTag(let name): "duplicate tag \(name)="
                case .malformedTag(let text): "bad tag \"\(text)\""
                }
            return .failure(.init(reason: .signatureSyntax(detail), domain: "", selector: "", algorithm: ""))
        }
        let domain = tags["d"]?.value.lowercased() ?? ""
        let selector = tags["s"]?.value.lowercased() ?? ""
        let algorithmName = tags["a"]?.value.lowercased() ?? ""
        func failure(_ reason: DKIMReason) -> Result<DKIMSignature, DKIMSignatureParseFailure> {
            .failure(.init(reason: reason, domain: domain, selector: selector, algorithm: algorithmName))
        }

        let version = tags["v"]?.value
        if let version, version != "1", version != "0.5" { return failure(.unsupportedVersion(version)) }
        for required in ["a", "b", "bh", "d", "h", "s"] where tags[required] == nil {
            return failure(.missingTag(required))
        }
        guard let algorithm = DKIMAlgorithm(rawValue: algorithmName) else { return failure(.unsupportedAlgorithm(algorithmName)) }

        var headerCanonicalization = DKIMCanonicalization.simple
        var bodyCanonicalization = DKIMCanonicalization.simple
        if let canonicalization = tags["c"]?.value {
            let parts = canonicalization.lowercased().split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, let header = DKIMCanonicalization(rawValue: String(parts[0])) else {
                return failure(.unsupportedCanonicalization(canonicalization))
            }
            headerCanonicalization = header
            if parts.count == 2 {
                guard let body = DKIMCanonicalization(rawValue: String(parts[1])) else {
                    return failure(.unsupportedCanonicalization(canonicalization))
                }
                bodyCanonicalization = body
            }
        }

        guard DomainName.isValid(domain) else { return failure(.invalidTag("d", "is not a domain name")) }
        guard DomainName.isValid(selector, allowUnderscore: true) else { return failure(.invalidTag("s", "is not a valid selector")) }

        let signedHeaders = tags["h"]!.value.colonSeparatedList.map { $0.lowercased() }
        guard signedHeaders.allSatisfy(Self.isFieldName) else { return failure(.invalidTag("h", "holds an invalid field name")) }
        guard signedHeaders.contains("from") else { return failure(.fromNotSigned) }

        let identity: String
        if let encoded = tags["i"]?.value {
            guard let decoded = DKIMQuotedPrintable.decode(encoded.removingFoldingWhitespace) else {
                return failure(.invalidTag("i", "is not dkim-quoted-printable"))
            }
            identity = decoded
        } else {
            identity = "@\(domain)"
        }
        guard let at = identity.utf8.lastIndex(of: UInt8(ascii: "@")) else { return failure(.invalidTag("i", "has no @")) }
        let identityDomain = String(identity[identity.index(after: at)...]).lowercased()
        guard identityDomain == domain || identityDomain.hasSuffix("." + domain) else {
            return failure(.identityOutsideDomain(identity, domain))
        }

        let bodyLength: Int?
        if let length = tags["l"]?.value {
            guard let value = Self.decimal(length, maxDigits: 76).flatMap({ Int(exactly: $0) }) else {
                return failure(.invalidTag("l", "is not a decimal length"))
            }
            bodyLength = value
        } else {
            bodyLength = nil
        }

        if let query = tags["q"]?.value {
            let methods = query.colonSeparatedList.map { $0.lowercased() }
            // "dns" alone is the pre-RFC drafts' spelling of the same method.
            guard methods.contains("dns/txt") || methods.contains("dns") else { return failure(.unsupportedQueryMethod(query)) }
        }

        var timestamp: Int64?
        var expiration: Int64?
        if let value = tags["t"]?.value {
            guard let parsed = Self.decimal(value, maxDigits: 12) else { return failure(.invalidTag("t", "is not a timestamp")) }
            timestamp = parsed
        }
        if let value = tags["x"]?.value {
            guard let parsed = Self.decimal(value, maxDigits: 12) else { return failure(.invalidTag("x", "is not a timestamp")) }
            expiration = parsed
        }
        if let timestamp, let expiration, expiration < timestamp { return failure(.expiresBeforeSigned) }

        let signatureBase64 = tags["b"]!.value.removingFoldingWhitespace
        guard let signatureBytes = Base64.decode(signatureBase64, .dkim), !signatureBytes.isEmpty else {
            return failure(.invalidTag("b", "is not base64"))
        }
        guard let bodyHash = Base64.decode(tags["bh"]!.value.removingFoldingWhitespace, .dkim), !bodyHash.isEmpty else {
            return failure(.invalidTag("bh", "is not base64"))
        }

        return .success(
            DKIMSignature(
                version: version,
                algorithm: algorithm,
                headerCanonicalization: headerCanonicalization,
                bodyCanonicalization: bodyCanonicalization,
                domain: domain,
                selector: selector,
                signedHeaders: signedHeaders,
                identity: identity,
                bodyLength: bodyLength,
                timestamp: timestamp,
                expiration: expiration,
                signatureBase64: signatureBase64,
                signatureBytes: signatureBytes,
                bodyHash: bodyHash,
                field: field,
                rawSignatureValueRange: tags["b"]!.rawValueRange
            )
        )
    }

    /// The local part of `i=` (empty for `@domain`).
    var identityLocalPart: String {
        guard let at = identity.utf8.lastIndex(of: UInt8(ascii: "@")) else { return "" }
        return String(identity[..<at])
    }

    /// The domain of `i=`, lowercased.
    var identityDomain: String {
        guard let at = identity.utf8.lastIndex(of: UInt8(ascii: "@")) else { return "" }
        return String(identity[identity.index(after: at)...]).lowercased()
    }

    private static func isFieldName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != .colon }
    }

    private static func decimal(_ text: String, maxDigits: Int) -> Int64? {
        guard !text.isEmpty, text.utf8.count <= min(maxDigits, 18), text.utf8.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int64(text)
    }
}

/// A DKIM-Signature that could not be read, with what was legible of it.
struct DKIMSignatureParseFailure: Error {
    let reason: DKIMReason
    let domain: String
    let selector: String
    let algorithm: String
}
