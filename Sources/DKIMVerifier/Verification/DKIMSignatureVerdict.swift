/// The result for one DKIM-Signature field.
public struct DKIMSignatureVerdict: Sendable {
    public let result: DKIMResult
    public let reason: DKIMReason
    /// `d=`, `s=` and `a=` as far as they could be read (empty when not).
    public let domain: String
    public let selector: String
    public let algorithm: String
    /// The parsed signature, when it could be parsed.
    public let signature: DKIMSignature?
    /// What the key record said, when one was found and loaded.
    public let key: KeyFacts?
    /// Length of the canonicalized body the signature's body canonicalization gives, when computed.
    public let canonicalBodyLength: Int?

    /// The facts about the key that a caller's own policy may need.
    public struct KeyFacts: Sendable, Hashable {
        public let bits: Int
        public let isTesting: Bool
        public let dnssec: DNSSECStatus
    }

    /// Whether `l=` leaves part of the body unsigned.
    public var coversWholeBody: Bool {
        guard let length = signature?.bodyLength else { return true }
        guard let canonicalBodyLength else { return false }
        return length >= canonicalBodyLength
    }
}

/// The result for a whole message: every evaluated signature, and the best of them.
public struct DKIMMessageVerdict: Sendable {
    public let signatures: [DKIMSignatureVerdict]

    /// `none` when unsigned, else the best signature result (pass > policy > fail > neutral > temperror > permerror).
    public var result: DKIMResult { signatures.map(\.result).max() ?? .none }

    /// The verdicts that passed.
    public var passing: [DKIMSignatureVerdict] { signatures.filter { $0.result == .pass } }
}
