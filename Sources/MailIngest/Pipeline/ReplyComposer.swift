import AccountEngine
import Foundation

/// Writes the plain-text reply that tells a sender what became of their mail.
struct ReplyComposer: Sendable {
    /// The service's own address: the reply's From and envelope sender.
    let serviceAddress: String
    let instructions: ApprovalInstructions

    init(serviceAddress: String, serviceId: String) {
        self.serviceAddress = serviceAddress
        self.instructions = ApprovalInstructions(serviceId: serviceId, serviceAddress: serviceAddress)
    }

    func reply(
        to sender: Mailbox,
        subject: String?,
        messageID: String?,
        references: [String],
        outcome: MailOutcome,
        date: Date
    ) -> OutgoingMail {
        let replySubject = Self.headerSafe(subject.map { $0.lowercased().hasPrefix("re:") ? $0 : "Re: \($0)" } ?? "chainmail")
        let domain = serviceAddress.split(separator: "@").last.map(String.init) ?? "chainmail.invalid"
        let id = Self.randomID()
        var headers = [
            "From: chainmail <\(serviceAddress)>",
            "To: \(sender.address)",
            "Subject: \(Self.encodedIfNeeded(replySubject))",
            "Date: \(Self.rfc5322(date))",
            "Message-ID: <\(id)@\(domain)>",
            "Auto-Submitted: auto-replied",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ]
        if let messageID {
            headers.append("In-Reply-To: \(messageID)")
            headers.append("References: \((references + [messageID]).suffix(20).joined(separator: " "))")
        }
        let data = Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body(for: outcome)).utf8)
        return OutgoingMail(id: id, from: serviceAddress, to: [sender.address], data: data)
    }

    /// The reply's text, lines ended by CRLF as on the wire.
    func body(for outcome: MailOutcome) -> String {
        var lines: [String] = []
        switch outcome.status {
        case .executed:
            lines.append("Your transaction was executed.")
            lines.append("")
            lines.append("txHash: \(outcome.txHash ?? "")")
            if let result = outcome.result {
                if let account = result["accountId"]?.stringValue { lines.append("account: \(account)") }
                if let nonce = result["nonce"] { lines.append("new nonce: \(nonce.compactText)") }
                for (index, action) in (result["results"]?.arrayValue ?? []).enumerated() {
                    lines.append("")
                    lines.append("action \(index + 1): \(action["type"]?.stringValue ?? "")")
                    guard action["type"]?.stringValue == "CallChainSig" else { continue }
                    for key in ["derivationPath", "publicKey", "address"] {
                        if let value = action[key]?.stringValue { lines.append("  \(key): \(value)") }
                    }
                    if let signature = action["signature"] {
                        lines.append("  r: \(signature["r"]?.stringValue ?? "")")
                        lines.append("  s: \(signature["s"]?.stringValue ?? "")")
                        lines.append("  v: \(signature["v"]?.compactText ?? "")")
                    }
                }
            }
        case .awaitingProofs:
            lines.append("Your approval was recorded. The transaction runs once every identity below has approved.")
            lines.append("")
            lines.append("txHash: \(outcome.txHash ?? "")")
            if let awaiting = outcome.awaiting {
                lines.append("account: \(awaiting.accountId)")
                lines.append("")
                lines.append("Still needed:")
                lines += instructions.awaitedLines(awaiting)
            }
        case .rejected:
            lines.append("Your transaction was not executed.")
            lines.append("")
            if let txHash = outcome.txHash { lines.append("txHash: \(txHash)") }
            if let rejection = outcome.rejection {
                lines.append("reason: \(rejection.code.name)")
                lines.append(rejection.message)
            }
        }
        lines.append("")
        lines.append("-- ")
        lines.append("chainmail")
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// No line breaks or other control characters may reach a header from a sender's subject,
    /// whoever handed it over, and no more than 200 characters of it.
    static func headerSafe(_ text: String) -> String {
        String(text.sanitizedForHeader.prefix(200))
    }

    /// 128 random bits in hex, for the Message-ID and the outbox key.
    static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        let bits = [generator.next(), generator.next()].map { (value: UInt64) in String(value, radix: 16) }
        return bits.map { String(repeating: "0", count: 16 - $0.count) + $0 }.joined()
    }

    /// RFC 2047 B-encoding for a subject that is not plain ASCII: encoded-words of at most 75
    /// characters (45 bytes of UTF-8, never splitting a character), folded onto lines of their own.
    static func encodedIfNeeded(_ text: String) -> String {
        guard !text.utf8.allSatisfy({ $0 < 0x80 }) else { return text }
        var words: [String] = []
        var chunk = ""
        for character in text {
            if chunk.utf8.count + character.utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }

    /// `Sat, 21 Nov 2026 06:00:00 +0000` (RFC 5322 3.3), without a DateFormatter per reply.
    static func rfc5322(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) +0000"
    }
}
