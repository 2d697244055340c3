/// How the IMAP poller and the SMTP sender reach their server: the settings both configurations
/// share, so that one piece of code makes their TLS context and their stream.
package protocol MailServerEndpoint {
    var host: String { get }
    var port: UInt16 { get }
    var tls: MailTransportSecurity { get }
    /// PEM file of trusted CAs; nil uses the system store.
    var caFile: String? { get }
    /// The name the certificate must carry (and the SNI).
    var expectedServerName: String { get }
    var connectTimeout: Duration { get }
    var ioTimeout: Duration { get }
}

extension IMAPPollerConfiguration: MailServerEndpoint {}

extension SMTPConfiguration: MailServerEndpoint {}
