import ChainmailTestSupport

/// The settings of a `serve` process that handles mail in these tests: the service address, the
/// DKIM keys of the signed mails' `dns.txt`, the Dovecot mailbox polled every second (when given),
/// and the SMTP sink, retried within two seconds.
enum ServeMailSettings {
    static func yaml(dnsFile: String, dovecot: DovecotPeer? = nil, sink: SMTPSinkPeer) -> String {
        var sections = """
            email:
              address: wallet@chainmail.test
            dns:
              staticFile: \(dnsFile)

            """
        if let dovecot {
            sections += """
                imap:
                  host: 127.0.0.1
                  port: \(dovecot.imapsPort)
                  tls: implicit
                  caFile: \(dovecot.caFile)
                  serverName: localhost
                  username: \(dovecot.username)
                  password: \(dovecot.password)
                  pollIntervalSeconds: 1

                """
        }
        return sections + """
            smtp:
              host: 127.0.0.1
              port: \(sink.port)
              tls: none
              retryMinimumSeconds: 1
              retryMaximumSeconds: 2
            """
    }
}
