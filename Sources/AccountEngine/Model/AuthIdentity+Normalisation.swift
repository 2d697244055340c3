import ByteEncoding
import ChainSigner
import Crypto
import Foundation

extension AuthIdentity {
    /// Section 1 normalisation: EVM addresses lowercased, WebAuthn keys compressed, emails
    /// lowercased and trimmed; anything that cannot be normalised is refused.
    static func normalise(_ value: Value, pathRules: PathRules) throws(EngineError) -> Value {
        switch value {
        case .pubKey(let text): return .pubKey(try normalisePubKey(text))
        case .webAuthn(let keyId, let publicKey):
            return .webAuthn(keyId: try validateKeyId(keyId), publicKey: try compressP256(publicKey))
        case .oidc(let issuer, let clientId, let email):
            guard pathRules == .enforced else {
                return .oidc(
                    issuer: try validateOIDCText(issuer, name: "issuer"),
                    clientId: try validateOIDCText(clientId, name: "clientId"),
                    email: try normaliseEmail(email, pathRules: .waived)
                )
            }
            return .oidc(issuer: try validateIssuer(issuer), clientId: try validateClientId(clientId), email: try normaliseEmail(email))
        case .account(let accountId):
            guard isNEARAccountId(accountId) else { throw .invalidIdentity("Account value \(quoted(accountId)) is not a NEAR account id") }
            return .account(accountId)
        }
    }

    private static func normalisePubKey(_ text: String) throws(EngineError) -> String {
        if text.hasPrefix(IdentityKind.evm.prefix) {
            let address = text.dropFirst(IdentityKind.evm.prefix.count)
            guard address.utf8.count == 42, address.hasPrefix("0x") || address.hasPrefix("0X"),
                let bytes = [UInt8](hex: address.dropFirst(2))
            else { throw .invalidIdentity("an evm PubKey is evm:0x followed by 40 hex digits") }
            return IdentityKind.evm.prefix + "0x" + bytes.hexString
        }
        if text.hasPrefix(IdentityKind.solana.prefix) {
            try validateBase58Key(text.dropFirst(IdentityKind.solana.prefix.count), scheme: "solana")
            return text
        }
        if text.hasPrefix(IdentityKind.near.prefix) {
            try validateBase58Key(text.dropFirst(IdentityKind.near.prefix.count), scheme: "near")
            return text
        }
        throw .invalidIdentity("a PubKey value starts with evm:, solana: or near:ed25519:")
    }

    /// A base58 ed25519 key of 32 bytes, written in its one canonical base58 form, that encodes a
    /// point canonically and is not of small order (`Ed25519PublicKeyCheck`).
    private static func validateBase58Key(_ text: Substring, scheme: String) throws(EngineError) {
        guard text.utf8.count <= 64, let bytes = Base58.decode(text), bytes.count == 32, Base58.encode(bytes) == text else {
            throw .invalidIdentity("a \(scheme) PubKey holds the base58 text of a 32-byte ed25519 key")
        }
        guard Ed25519PublicKeyCheck.isAcceptable(bytes) else {
            throw .invalidIdentity("the \(scheme) key is a small-order point or not canonically encoded (y ≥ p): it cannot prove anything")
        }
    }

    private static func validateKeyId(_ keyId: String) throws(EngineError) -> String {
        let allowed = keyId.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"):
                true
            default: false
            }
        }
        guard !keyId.isEmpty, keyId.utf8.count <= 1400, allowed else {
            throw .invalidIdentity("WebAuthn keyId is the base64url (unpadded) credential id")
        }
        return keyId
    }

    private static func compressP256(_ key: [UInt8]) throws(EngineError) -> [UInt8] {
        do {
            switch key.count {
            case 33: return try P256.Signing.PublicKey(compressedRepresentation: key).compressedRepresentation.bytes
            case 65: return try P256.Signing.PublicKey(x963Representation: key).compressedRepresentation.bytes
            default: break
            }
        } catch {}
        throw .invalidIdentity("WebAuthn publicKey is a P-256 point, 33-byte compressed or 65-byte uncompressed, in hex")
    }

    private static func validateOIDCText(_ text: String, name: String) throws(EngineError) -> String {
        guard !text.isEmpty, text.utf8.count <= 512, !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw .invalidIdentity("OIDC \(name) must be 1 to 512 bytes without control characters")
        }
        return text
    }

    /// An `https://` URL without `,`: the identity path `oidc/<issuer>/<clientId>/<email>` is read
    /// back unambiguously only when no part can contain another's separator (section 1).
    private static func validateIssuer(_ issuer: String) throws(EngineError) -> String {
        let text = try validateOIDCText(issuer, name: "issuer")
        guard text.hasPrefix("https://"), text.utf8.count > "https://".utf8.count, !text.utf8.contains(UInt8(ascii: ",")) else {
            throw .invalidIdentity("OIDC issuer \(quoted(issuer)) must be an https:// URL without \",\"")
        }
        return text
    }

    /// No `/` or `,`: either would let two identities share one derivation path (section 1).
    private static func validateClientId(_ clientId: String) throws(EngineError) -> String {
        let text = try validateOIDCText(clientId, name: "clientId")
        guard !text.utf8.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ",") }) else {
            throw .invalidIdentity("OIDC clientId \(quoted(clientId)) must not contain \"/\" or \",\"")
        }
        return text
    }

    /// Trims and lowercases an address by the one rule mail senders are held to too
    /// (`EmailAddressSyntax`), so every OIDC identity accepted here is one a mail can prove.
    static func normaliseEmail(_ email: String, pathRules: PathRules = .enforced) throws(EngineError) -> String {
        let address: String
        switch EmailAddressSyntax.normalise(email) {
        case .success(let normalised): address = normalised
        case .failure(.notASCII): throw .invalidIdentity("email \(quoted(email)) is not plain ASCII local@domain")
        case .failure(.invalid(let detail)): throw .invalidIdentity("email \(quoted(email)) is not plain ASCII local@domain: \(detail)")
        }
        // `/` is atext, but it would let an email carry a path separator into the identity path.
        let local = address.utf8.prefix { $0 != UInt8(ascii: "@") }
        guard pathRules == .waived || !local.contains(UInt8(ascii: "/")) else {
            throw .invalidIdentity("email \(quoted(email)): the local part must not contain \"/\"")
        }
        return address
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// NEAR account id rules (nearcore `AccountId`): 2 to 64 characters, lowercase alphanumeric
    /// parts separated by single `-`, `_` or `.`.
    static func isNEARAccountId(_ accountId: String) -> Bool {
        let bytes = Array(accountId.utf8)
        guard (2...64).contains(bytes.count) else { return false }
        var previousWasSeparator = true
        for byte in bytes {
            if isLowerAlphanumeric(byte) {
                previousWasSeparator = false
            } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") {
                if previousWasSeparator { return false }
                previousWasSeparator = true
            } else {
                return false
            }
        }
        return !previousWasSeparator
    }
}

extension Data {
    fileprivate var bytes: [UInt8] { Array(self) }
}
