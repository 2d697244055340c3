import ByteEncoding
import Crypto

/// WebAuthn identities: a passkey assertion (section 4, W3C WebAuthn Level 3 §7.2).
///
/// clientDataJSON is parsed as JSON (the engine's strict parser, so duplicate members are
/// refused) rather than searched as text: `type` is `webauthn.get`, `challenge` the unpadded
/// base64url of the 32 txHash bytes, `origin` one of the configured origins (exact string), and
/// `crossOrigin`, when present, false. authenticatorData names the configured rpId by its SHA-256
/// and has the user-present flag. The P-256 signature (DER, high s accepted: WebAuthn does not
/// normalise it) covers authenticatorData ‖ SHA-256(clientDataJSON). User verification (UV) is not
/// required: possession of the passkey is the proof, as for a wallet key.
///
/// Sign counter: a non-zero counter must be above the one stored for the credential, and the new
/// one is committed with the execution (`ProofVerdict.validIfCommitted`). A counter of 0 is
/// accepted while none above 0 was ever stored (synced passkeys do not count); once a credential
/// has counted, 0 is a regression, as WebAuthn §7.2 step 22 says.
public struct WebAuthnAssertionVerifier: ProofVerifier {
    public let settings: WebAuthnSettings
    public let counters: any WebAuthnCounterStore
    private let rpIdHash: [UInt8]

    public init(settings: WebAuthnSettings, counters: any WebAuthnCounterStore) {
        self.settings = settings
        self.counters = counters
        self.rpIdHash = Array(SHA256.hash(data: Array(settings.rpId.utf8)))
    }

    public func verify(_ proof: ProofInput) async -> ProofVerdict {
        guard case .webAuthn(_, let publicKeyBytes) = proof.identity.value else {
            return .refused(.unsupportedIdentity("the WebAuthn verifier checks only WebAuthn identities"))
        }
        guard let text = proof.messageSignature else {
            return .refused(.webAuthnAssertionMalformed("a WebAuthn identity is proven by an assertion in messageSignature"))
        }
        let assertion: WebAuthnAssertion
        let signCount: UInt32
        do {
            assertion = try WebAuthnAssertion(messageSignature: text)
            try checkClientData(assertion.clientDataJSON, txHash: proof.txHash)
            signCount = try checkAuthenticatorData(assertion.authenticatorData)
            try checkSignature(assertion, publicKey: publicKeyBytes)
        } catch {
            return .refused(error)
        }
        return await counterVerdict(credential: proof.identity.matchKey, presented: signCount)
    }

    func checkClientData(_ bytes: [UInt8], txHash: [UInt8]) throws(EngineError) {
        guard bytes.count <= WebAuthnAssertion.maxClientDataJSONBytes else {
            throw .webAuthnAssertionMalformed("clientDataJSON is longer than \(WebAuthnAssertion.maxClientDataJSONBytes) bytes")
        }
        let json: JSONValue
        do {
            json = try StrictJSONParser(maxBytes: WebAuthnAssertion.maxClientDataJSONBytes, maxDepth: 8).parse(bytes)
        } catch {
            throw .webAuthnAssertionMalformed("clientDataJSON is not JSON: \(error.message)")
        }
        guard case .object(let clientData) = json else { throw .webAuthnAssertionMalformed("clientDataJSON is not a JSON object") }
        guard case .string(let type) = clientData["type"] else { throw .webAuthnAssertionMalformed("clientDataJSON has no string type") }
        guard type == "webauthn.get" else { throw .webAuthnTypeMismatch(type) }
        guard case .string(let challenge) = clientData["challenge"] else {
            throw .webAuthnAssertionMalformed("clientDataJSON has no string challenge")
        }
        guard challenge == Base64.encode(txHash, .urlUnpadded) else { throw .webAuthnChallengeMismatch }
        guard case .string(let origin) = clientData["origin"] else { throw .webAuthnAssertionMalformed("clientDataJSON has no string origin") }
        guard settings.origins.contains(where: { $0.utf8.elementsEqual(origin.utf8) }) else { throw .webAuthnOriginMismatch(origin) }
        switch clientData["crossOrigin"] {
        case nil, .bool(false): break
        case .bool(true): throw .webAuthnCrossOrigin
        case .some(let other): throw .webAuthnAssertionMalformed("clientDataJSON crossOrigin is a \(other.typeName), not a boolean")
        }
    }

    /// Checks rpIdHash and the UP flag, and returns the signature counter.
    func checkAuthenticatorData(_ bytes: [UInt8]) throws(EngineError) -> UInt32 {
        guard bytes.count >= 37, bytes.count <= WebAuthnAssertion.maxAuthenticatorDataBytes else {
            throw .webAuthnAssertionMalformed("authenticatorData must be 37 to \(WebAuthnAssertion.maxAuthenticatorDataBytes) bytes")
        }
        guard bytes[0..<32].elementsEqual(rpIdHash) else { throw .webAuthnRpIdMismatch }
        guard bytes[32] & 0x01 != 0 else { throw .webAuthnUserNotPresent }
        return bytes[33..<37].reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
    }

    func checkSignature(_ assertion: WebAuthnAssertion, publicKey bytes: [UInt8]) throws(EngineError) {
        guard let publicKey = try? P256.Signing.PublicKey(compressedRepresentation: bytes) else {
            throw .invalidIdentity("the WebAuthn identity's public key is not a P-256 point")
        }
        // BoringSSL parses DER strictly (one encoding per signature) and does not restrict s.
        guard let signature = try? P256.Signing.ECDSASignature(derRepresentation: assertion.signature) else {
            throw .webAuthnAssertionMalformed("signature is not a DER-encoded ECDSA signature")
        }
        let signed = assertion.authenticatorData + SHA256.hash(data: assertion.clientDataJSON)
        guard publicKey.isValidSignature(signature, for: signed) else { throw .webAuthnSignatureInvalid }
    }

    func counterVerdict(credential: String, presented: UInt32) async -> ProofVerdict {
        let stored: UInt32?
        do {
            stored = try await counters.webAuthnSignCount(credential: credential)
        } catch {
            return .refused((error as? EngineError) ?? .storeUnavailable("\(error)"))
        }
        switch (stored, presented) {
        case (nil, 0): return .valid
        case (.some(let stored), _) where presented <= stored: return .refused(.webAuthnCounterRegressed(stored: stored, presented: presented))
        default: return .validIfCommitted(.webAuthnSignCount(credential: credential, count: presented))
        }
    }
}
