import AccountEngine
import ChainTransactions
import ErrorCodes
import Foundation

/// Writes the plain-text reply that tells a sender what became of their mail.
struct ReplyComposer: Sendable {
    /// The service's own address: the reply's From and envelope sender.
    let serviceAddress: String
    let instructions: ApprovalInstructions
    /// The chains, for the transaction's summary and the chain transactions' links.
    let chains: ChainRegistry

    init(serviceAddress: String, serviceId: String, chains: ChainRegistry = .builtIn) {
        self.serviceAddress = serviceAddress
        self.instructions = ApprovalInstructions(serviceId: serviceId, serviceAddress: serviceAddress)
        self.chains = chains
    }

    /// The reply to a mail with an outcome. `subjectTxHash`, the txHash the mail's Subject names,
    /// stands in for a refusal that came before the transaction was read. `transaction` is the mail's own (or the one prepared
    /// under its Subject), told in words above the technical details; it is left out of a refusal
    /// to a sender who is not on its account, which says nothing about the account.
    func reply(
        to sender: Mailbox,
        subject: String?,
        messageID: String?,
        references: [String],
        transaction: Transaction?,
        subjectTxHash: String? = nil,
        outcome: MailOutcome,
        date: Date
    ) -> OutgoingMail {
        let shown = outcome.rejection?.code == .senderNotOnAccount ? nil : transaction
        let txHash = outcome.txHash ?? subjectTxHash
        return mail(
            to: sender,
            subject: Self.replySubject(subject, txHash: txHash),
            messageID: messageID,
            references: references,
            body: body(for: outcome, txHash: txHash, transaction: shown),
            date: date
        )
    }

    /// The one reply a mail left for later may get (`EmailPolicy.delayNoticeSeconds`): it is
    /// delayed and will be handled once the cause is fixed. It says nothing about any account.
    func delayNotice(
        to sender: Mailbox,
        subject: String?,
        messageID: String?,
        references: [String],
        reason: ErrorCode,
        date: Date
    ) -> OutgoingMail {
        var lines = [
            "Your mail has arrived but cannot be handled yet: \(Self.delayCause(reason)).",
            "",
            "It stays in line and will be handled as soon as the cause is fixed; you will get another reply then.",
            "",
            "What to do next: nothing. Please do not send the mail again.",
        ]
        lines += Self.technicalDetails([("status", "delayed"), ("reason", reason.name)])
        return mail(
            to: sender,
            subject: Self.replySubject(subject, txHash: nil),
            messageID: messageID,
            references: references,
            body: lines.joined(separator: "\r\n") + "\r\n",
            date: date
        )
    }

    /// The message around a reply's text: from the service, threaded on the mail it answers.
    func mail(to sender: Mailbox, subject: String, messageID: String?, references: [String], body: String, date: Date) -> OutgoingMail {
        let domain = serviceAddress.split(separator: "@").last.map(String.init) ?? "chainmail.invalid"
        let id = Self.randomID()
        var headers = [
            "From: chainmail <\(serviceAddress)>",
            "To: \(sender.address)",
            "Subject: \(Self.encodedIfNeeded(subject))",
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
        let data = Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
        return OutgoingMail(id: id, from: serviceAddress, to: [sender.address], data: data)
    }

    /// `Re: <the mail's subject>`, holding the txHash when there is one (added in brackets when
    /// the subject does not name it already); `Re: your mail to chainmail` for a mail without a
    /// readable subject.
    static func replySubject(_ subject: String?, txHash: String?) -> String {
        var text = subject.map { $0.lowercased().hasPrefix("re:") ? $0 : "Re: \($0)" } ?? "Re: your mail to chainmail"
        if let txHash, !text.lowercased().contains(txHash.lowercased()) {
            text = String(text.prefix(200 - txHash.count - 3)) + " [\(txHash)]"
        }
        return headerSafe(text)
    }

    /// The reply's text, lines ended by CRLF as on the wire: what happened in one sentence, the
    /// transaction in words, the next step; then, below a separator, the technical details for the
    /// application (txHash, code, signature parts). No code name appears above the separator.
    func body(for outcome: MailOutcome, txHash: String?, transaction: Transaction?) -> String {
        var lines: [String] = []
        var details: [(String, String)] = [("status", outcome.status.rawValue)]
        if let txHash { details.append(("txHash", txHash)) }
        switch outcome.status {
        case .executed:
            lines.append("Your transaction was executed.")
        case .awaitingProofs:
            lines.append("Your approval was recorded. The transaction runs once the approvals below have arrived too.")
        case .signing:
            lines.append("Your approval was accepted. The signatures are being made; another reply follows with them.")
        case .rejected:
            let code = outcome.rejection?.code ?? .notProcessed
            lines.append("Your transaction was not executed: \(RefusalAdvice.cause(code)).")
            details.append(("reason", code.name))
            if let message = outcome.rejection?.message { details.append(("message", message)) }
        }
        if let transaction {
            lines.append("")
            lines.append("The transaction, on account \(transaction.accountId):")
            lines += TransactionSummary.lines(for: transaction, chains: chains).map { "  " + $0 }
        }
        if let result = outcome.result { lines += chainTransactionLines(result) }
        lines.append("")
        switch outcome.status {
        case .executed:
            lines.append("What to do next: nothing. The app that asked for this transaction picks up its result from chainmail.")
        case .awaitingProofs:
            lines.append("What to do next: nothing more from you. Still needed:")
            if let awaiting = outcome.awaiting { lines += instructions.awaitedLines(awaiting) }
        case .signing:
            lines.append("What to do next: nothing. Please do not send the mail again.")
        case .rejected:
            lines.append("What to do next: \(RefusalAdvice.nextStep(outcome.rejection?.code ?? .notProcessed))")
        }
        if let result = outcome.result {
            if let account = result["accountId"]?.stringValue { details.append(("account", account)) }
            if let nonce = result["nonce"] { details.append(("new nonce", nonce.compactText)) }
            for (index, action) in (result["results"]?.arrayValue ?? []).enumerated() {
                details.append(("action \(index + 1)", action["type"]?.stringValue ?? ""))
                guard action["signature"] != nil else { continue }
                for key in ["chainId", "from", "derivationPath", "publicKey", "address", "transactionHash"] {
                    if let value = action[key] { details.append(("  \(key)", value.stringValue ?? value.compactText)) }
                }
                if let signature = action["signature"] {
                    details.append(("  r", signature["r"]?.stringValue ?? ""))
                    details.append(("  s", signature["s"]?.stringValue ?? ""))
                    details.append(("  v", signature["v"]?.compactText ?? ""))
                }
            }
        }
        if let awaiting = outcome.awaiting {
            details.append(("account", awaiting.accountId))
            for identity in awaiting.missing { details.append(("missing", identity.json.compactText)) }
        }
        lines += Self.technicalDetails(details)
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The separator and the `name: value` lines below it, for the application.
    static func technicalDetails(_ details: [(String, String)]) -> [String] {
        ["", String(repeating: "-", count: 40), "Technical details (for the application)"]
            + details.map { "\($0.0): \($0.1)" }
    }

    /// Why a mail waits, in plain words.
    static func delayCause(_ code: ErrorCode) -> String {
        if code.name.hasPrefix("dkim_") { return "the signature of your mail provider cannot be checked at the moment" }
        return "the service cannot reach one of its own components at the moment"
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
