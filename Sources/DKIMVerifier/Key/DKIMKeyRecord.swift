import ByteEncoding

/// A DKIM key record (RFC 6376 3.6.1, RFC 8463), checked and with its public key loaded.
public struct DKIMKeyRecord: Sendable {
    /// `k=`.
    public let keyType: String
    /// `h=`, lowercased; nil means every hash is acceptable.
    public let acceptableHashes: [String]?
    /// `t=y`: the domain is testing DKIM.
    public let isTesting: Bool
    /// `t=s`: `i=` must use exactly the `d=` domain, not a subdomain.
    public let isStrictIdentity: Bool
    /// `g=` of RFC 4871, still honoured because a key that narrows its use must not be widened.
    let granularity: String?
    let publicKey: DKIMPublicKey

    /// Bits of the RSA modulus, or 256 for ed25519.
    public var keyBits: Int { publicKey.bits }
}

extension DKIMKeyRecord {
    static func parse(_ text: String) -> Result<DKIMKeyRecord, DKIMReason> {
        let bytes = Array(text.utf8)
        let tags: TagList
        do {
            tags = try TagList(bytes, range: 0..<bytes.count)
        } catch {
            switch error {
            case .duplicateTag(let name): return .failure(.keySyntax("duplicate tag \(name)="))
            case .malformedTag(let text): return .failure(.keySyntax("bad tag \"\(text)\""))
            }
        }
        if let version = tags["v"] {
            guard version.value == "DKIM1" else { return .failure(.keySyntax("v=\(version.value) is not DKIM1")) }
            guard tags.tags.first?.name == "v" else { return .failure(.keySyntax("v= must be the first tag")) }
        }
        guard let encodedKey = tags["p"] else { return .failure(.keySyntax("p= is missing")) }
        let keyBase64 = encodedKey.value.removingFoldingWhitespace
        guard !keyBase64.isEmpty else { return .failure(.keyRevoked) }

        let keyType = (tags["k"]?.value ?? "rsa").lowercased()
        let acceptableHashes = tags["h"].map { $0.value.colonSeparatedList.map { $0.lowercased() } }
        if let services = tags["s"]?.value.colonSeparatedList.map({ $0.lowercased() }) {
            guard services.contains("*") || services.contains("email") else {
                return .failure(.keyUnusable("key service type s=\(services.joined(separator: ":")) excludes email"))
            }
        }
        let flags = tags["t"]?.value.colonSeparatedList.map { $0.lowercased() } ?? []

        guard let keyBytes = Base64.decode(keyBase64, .dkim) else { return .failure(.keySyntax("p= is not base64")) }
        let publicKey: DKIMPublicKey
        switch DKIMPublicKey.load(type: keyType, bytes: keyBytes) {
        case .success(let key): publicKey = key
        case .failure(let reason): return .failure(reason)
        }
        return .success(
            DKIMKeyRecord(
                keyType: keyType,
                acceptableHashes: acceptableHashes,
                isTesting: flags.contains("y"),
                isStrictIdentity: flags.contains("s"),
                granularity: tags["g"]?.value,
                publicKey: publicKey
            )
        )
    }

    /// Whether this key may verify `signature` (RFC 6376 6.1.2 steps 5 to 9, and RFC 4871 `g=`).
    func check(usableFor signature: DKIMSignature) -> DKIMReason? {
        guard keyType == signature.algorithm.keyType else {
            return .keyUnusable("key type k=\(keyType) does not match a=\(signature.algorithm.rawValue)")
        }
        if let acceptableHashes, !acceptableHashes.contains(signature.algorithm.hashName) {
            return .keyUnusable("key h=\(acceptableHashes.joined(separator: ":")) does not allow \(signature.algorithm.hashName)")
        }
        if isStrictIdentity && signature.identityDomain != signature.domain {
            return .keyUnusable("key t=s requires i= in exactly d=\(signature.domain)")
        }
        if let granularity, !Self.granularity(granularity, matches: signature.identityLocalPart) {
            return .keyUnusable("key g=\(granularity) does not match the local part of i=")
        }
        return nil
    }

    /// RFC 4871 3.6.1: one optional `*` wildcard; an empty pattern matches nothing; case matters.
    static func granularity(_ pattern: String, matches localPart: String) -> Bool {
        guard !pattern.isEmpty else { return false }
        let parts = pattern.split(separator: "*", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 1 { return pattern == localPart }
        let prefix = parts[0]
        let suffix = parts[1]
        return localPart.count >= prefix.count + suffix.count && localPart.hasPrefix(prefix) && localPart.hasSuffix(suffix)
    }
}
