import Foundation
import MailIngest
import MailTransport

/// A password given inline or, better, in a file of its own (trailing line end ignored).
private func secret(_ inline: String?, file: String?, for section: String) throws -> String? {
    if let file {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw ConfigurationError("\(section).passwordFile: cannot read \(file)")
        }
        return text.trimmingCharacters(in: .newlines)
    }
    return inline
}

extension ServeConfiguration.IMAPSection {
    func pollerConfiguration() throws -> IMAPPollerConfiguration {
        guard let password = try secret(password, file: passwordFile, for: "imap") else {
            throw ConfigurationError("imap: give password or passwordFile")
        }
        let after: IMAPAfterProcessing
        switch afterProcessing ?? .flag {
        case .flag: after = .flag(keyword: keyword ?? IMAPAfterProcessing.defaultKeyword)
        case .move: after = .move(to: moveTo ?? "Processed")
        }
        let configuration = IMAPPollerConfiguration(
            host: host,
            port: port ?? ((tls ?? .implicit) == .implicit ? 993 : 143),
            tls: tls ?? .implicit,
            caFile: caFile,
            serverName: serverName,
            username: username,
            password: password,
            mailbox: mailbox ?? "INBOX",
            afterProcessing: after,
            pollInterval: .seconds(pollIntervalSeconds ?? 60),
            useIdle: idle ?? true,
            reconnectBackoff: RetryBackoff(minimum: .seconds(reconnectMinimumSeconds ?? 1), maximum: .seconds(reconnectMaximumSeconds ?? 300)),
            maxAttempts: maxAttempts ?? 3
        )
        do {
            try configuration.validate()
        } catch {
            throw ConfigurationError("imap: \(error)")
        }
        return configuration
    }
}

extension ServeConfiguration.SMTPSection {
    func senderConfiguration() throws -> SMTPConfiguration {
        let password = try secret(password, file: passwordFile, for: "smtp")
        return SMTPConfiguration(
            host: host,
            port: port ?? ((tls ?? .starttls) == .implicit ? 465 : 587),
            tls: tls ?? .starttls,
            caFile: caFile,
            serverName: serverName,
            authentication: username.map { .plain(username: $0, password: password ?? "") }
        )
    }

    var replierConfiguration: SMTPReplierConfiguration {
        SMTPReplierConfiguration(
            retryBackoff: RetryBackoff(minimum: .seconds(retryMinimumSeconds ?? 30), maximum: .seconds(retryMaximumSeconds ?? 3600)),
            maxAttempts: maximumAttempts ?? 50
        )
    }
}
