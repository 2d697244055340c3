import Crypto

/// The NEP-413 signed-message payload (near/NEPs nep-0413.md) as section 4 fixes it:
/// borsh(u32 2^31 + 413) ‖ borsh({message: string, nonce: [u8; 32], recipient: string,
/// callbackUrl: Option<string>}); the wallet signs SHA-256 of those bytes with ed25519.
public struct NEP413Payload: Sendable, Hashable {
    /// 2^31 + 413: the tag that keeps a signed message from ever being a valid NEAR transaction.
    public static let tag: UInt32 = 2_147_484_061

    public let message: String
    public let nonce: [UInt8]
    public let recipient: String
    public let callbackUrl: String?

    public init(message: String, nonce: [UInt8], recipient: String, callbackUrl: String? = nil) {
        self.message = message
        self.nonce = nonce
        self.recipient = recipient
        self.callbackUrl = callbackUrl
    }

    /// The borsh bytes, tag first.
    public var borshBytes: [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(4 + 4 + message.utf8.count + 32 + 4 + recipient.utf8.count + 1 + (callbackUrl.map { 4 + $0.utf8.count } ?? 0))
        Self.appendU32(Self.tag, to: &bytes)
        Self.appendString(message, to: &bytes)
        bytes += nonce
        Self.appendString(recipient, to: &bytes)
        if let callbackUrl {
            bytes.append(1)
            Self.appendString(callbackUrl, to: &bytes)
        } else {
            bytes.append(0)
        }
        return bytes
    }

    /// SHA-256 of the borsh bytes: what the wallet signs.
    public var signedDigest: [UInt8] {
        Array(SHA256.hash(data: borshBytes))
    }

    private static func appendU32(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    private static func appendString(_ string: String, to bytes: inout [UInt8]) {
        appendU32(UInt32(string.utf8.count), to: &bytes)
        bytes += string.utf8
    }
}
