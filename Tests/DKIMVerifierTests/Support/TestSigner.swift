import Crypto
import Foundation

@testable import DKIMVerifier

/// Signs messages with a fresh ed25519 key (relaxed/relaxed), for tests of the verifier's policy
/// logic. Canonicalization itself is checked against RFC 6376's example, the corpora and the
/// Python and Perl signers, not against this.
struct TestSigner {
    let domain: String
    let selector: String
    let key = Curve25519.Signing.PrivateKey()

    init(domain: String = "example.com", selector: String = "test") {
        self.domain = domain
        self.selector = selector
    }

    var keyName: String { "\(selector)._domainkey.\(domain)" }

    func record(flags: String? = nil) -> String {
        "v=DKIM1; k=ed25519; \(flags.map { "t=\($0); " } ?? "")p=\(key.publicKey.rawRepresentation.base64EncodedString())"
    }

    func resolver(flags: String? = nil) -> StaticKeyResolver {
        StaticKeyResolver(records: [keyName: .records([record(flags: flags)], dnssec: .unknown)])
    }

    /// Returns `message` (CRLF) with a DKIM-Signature on top. `extraTags` go before `b=`.
    func sign(_ message: String, headers: String = "from:subject", extraTags: String = "", bodyLength: Int? = nil) throws -> [UInt8] {
        let parsed = ParsedMessage(Array(message.utf8))
        let body = parsed.bytes.withUnsafeBufferPointer {
            BodyCanonicalizer.canonicalize($0, range: parsed.bodyRange, canonicalization: .relaxed)
        }.bytes(of: parsed.bytes)
        let bodyHash = Data(SHA256.hash(data: body.prefix(bodyLength ?? body.count))).base64EncodedString()
        let lengthTag = bodyLength.map { " l=\($0);" } ?? ""
        let unsigned =
            "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=\(domain); s=\(selector);\r\n h=\(headers);\(lengthTag) \(extraTags)bh=\(bodyHash); b="
        // Parse with a placeholder b= so the tag list is complete; hashing blanks it anyway.
        let placeholder = ParsedMessage(Array((unsigned + "AAAA\r\n" + message).utf8))
        guard case .success(let parsedSignature) = DKIMSignature.parse(placeholder.headers[0], in: placeholder.bytes) else {
            throw SignerError()
        }
        let headerData = DKIMVerifier.signedHeaderData(for: parsedSignature, in: placeholder)
        let signatureBytes = try key.signature(for: Data(SHA256.hash(data: headerData)))
        return Array((unsigned + signatureBytes.base64EncodedString() + "\r\n" + message).utf8)
    }

    struct SignerError: Error {}
}
