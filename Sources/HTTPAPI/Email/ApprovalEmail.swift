import AccountEngine
import MailIngest

/// The email that approves a prepared transaction (POST /v1/transactions): addressed to the
/// service mailbox, with the txHash in the Subject and the transaction block of PROTOCOL.md
/// section 5 in the body. The body opens with the summary of section 8.3, so the first lines a
/// person reads say what will happen; then the identities that must approve it (section 4.1), and
/// the exact line a wallet signs instead.
struct ApprovalEmail: Sendable, Hashable {
    let to: String
    let subject: String
    let body: String

    /// `summary` is the transaction's `TransactionSummary` lines: the body opens with them.
    init(transaction signed: SignedTransaction, summary: [String], instructions: ApprovalInstructions) {
        let transaction = signed.transaction
        let txHash = signed.txHashHex
        var lines = summary
        lines += [
            "",
            "Sending this email as it is approves the transaction above, of account \(transaction.accountId) (nonce \(transaction.nonce)).",
        ]
        if let authTarget = transaction.authTarget {
            lines += ["", "Signatures are made with the keys of \(quoted(authTarget.description, limit: 600))."]
        }
        let added = transaction.addedIdentities
        if !added.isEmpty {
            lines += ["", "It runs only once each identity it adds has approved it too:"]
            for identity in added {
                lines.append("- \(quoted(identity.description, limit: 600)): \(instructions.sentence(for: identity, txHash: txHash))")
            }
        }
        lines += [
            "",
            "Transaction hash: \(txHash)",
            "A wallet approves instead by signing exactly this line:",
            ApprovalLine.text(serviceId: instructions.serviceId, txHash: txHash),
            "",
            TransactionBlock.beginMarker,
            PrettyJSON.text(signed.sent),
            TransactionBlock.endMarker,
            "",
        ]
        self.to = instructions.serviceAddress
        self.subject = "chainmail approval \(txHash)"
        self.body = lines.joined(separator: "\n")
    }

    /// An RFC 6068 `mailto:` URI with the same recipient, Subject and body (line breaks as CRLF).
    var mailto: String {
        let body = self.body.replacingLineFeedsWithCRLF()
        return "mailto:\(MailtoURI.encode(to, keeping: "@"))?subject=\(MailtoURI.encode(subject))&body=\(MailtoURI.encode(body))"
    }

    var json: JSONValue {
        .object(["to": .string(to), "subject": .string(subject), "body": .string(body)])
    }
}

/// Percent-encoding for `mailto:` URIs (RFC 6068): everything but RFC 3986's unreserved
/// characters (and the ones a caller keeps) is escaped as UTF-8 bytes.
enum MailtoURI {
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    static func encode(_ text: String, keeping kept: String = "") -> String {
        let keptBytes = Set(kept.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count * 2)
        for byte in text.utf8 {
            if isUnreserved(byte) || keptBytes.contains(byte) {
                output.append(byte)
            } else {
                output += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
    }
}

extension String {
    fileprivate func replacingLineFeedsWithCRLF() -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
    }
}
