import Foundation

/// What is offered as proof that `authIdentity` approved a transaction.
public enum ProofEvidence: Sendable, Hashable {
    /// The `messageSignature` of ExecuteArgs, checked by the verifier for the identity's kind.
    case messageSignature(String)
    /// A DKIM-verified email, already checked by MailIngest (section 5). Only code inside this
    /// package can make one (`VerifiedEmail.init` is `package`), so it never comes from JSON.
    case verifiedEmail(VerifiedEmail)

    public var messageSignature: String? {
        if case .messageSignature(let text) = self { return text }
        return nil
    }

    /// What is kept as the record of a proof: `{"message","messageSignature"}`, or for an email
    /// `{"from","dkimDomain","dkimSignature"}`.
    func recordJSON(message: String) -> String {
        switch self {
        case .messageSignature(let signature):
            JSONValue.object(["message": .string(message), "messageSignature": .string(signature)]).compactText
        case .verifiedEmail(let email):
            JSONValue.object([
                "from": .string(email.fromAddress), "dkimDomain": .string(email.dkimDomain), "dkimSignature": .string(email.dkimSignature),
            ]).compactText
        }
    }
}

/// The facts MailIngest established about an email before handing it to the engine: the From
/// address (normalised), the txHash its Subject named, and the DKIM signature that proved it.
public struct VerifiedEmail: Sendable, Hashable {
    public let fromAddress: String
    public let txHash: [UInt8]
    public let dkimDomain: String
    /// The signature's `b=` value, for the once-only rule of section 5.
    public let dkimSignature: String
    public let verifiedAt: Date
    /// The mailbox message it came in (`MailSource.redeliveryKey`), when it can be handed over again.
    public let redeliveryKey: String?

    package init(
        fromAddress: String,
        txHash: [UInt8],
        dkimDomain: String,
        dkimSignature: String,
        verifiedAt: Date,
        redeliveryKey: String? = nil
    ) throws(EngineError) {
        self.fromAddress = try AuthIdentity.normaliseEmail(fromAddress)
        self.txHash = txHash
        self.dkimDomain = dkimDomain
        self.dkimSignature = dkimSignature
        self.verifiedAt = verifiedAt
        self.redeliveryKey = redeliveryKey
    }
}
