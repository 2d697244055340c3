import ArgumentParser
import DKIMVerifier
import Foundation

struct DKIMVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify the DKIM signatures of messages.",
        discussion: """
            Prints one result per file: the best signature's result in RFC 8601 words (pass, fail, \
            neutral, policy, temperror, permerror, none) and each signature's result with its reason. \
            A directory stands for every regular file directly inside it, in file-name order; `-` for \
            the paths on standard input, one a line. Exits 0 when every file could be read, whatever \
            the verdicts; 1 otherwise; 64 when the DNS settings are unusable. Keys are looked up with \
            the resolver chainmail serve builds from the same settings (docs/dns.md): the dns: section \
            of --config, each flag overriding one setting.
            """
    )

    @Option(help: "Read the dns: section of this chainmail configuration file, as chainmail serve does.")
    var config: String?

    @Option(name: .customLong("dns-file"), help: "Answer key look-ups from this file (the FAKE_DNS.dat format) instead of DNS (dns.staticFile).")
    var dnsFile: String?

    @Option(
        name: .customLong("dns-server"),
        help: "Query this DNS server (ADDRESS or ADDRESS@PORT; repeatable) instead of the system's resolvers (dns.servers)."
    )
    var dnsServers: [String] = []

    @Option(
        name: .customLong("trust-anchor"),
        help: "Validate DNSSEC from this trust anchor file, or none (dns.trustAnchorFile; default: /usr/share/dns/root.key when present)."
    )
    var trustAnchor: String?

    @Option(name: .customLong("dns-timeout"), help: "Seconds one DNS query may take (dns.timeoutSeconds; default 5).")
    var dnsTimeout: Int?

    @Option(help: "Verify as if at this unix time (default: now).")
    var now: Int64?

    @Option(name: .customLong("min-rsa-bits"), help: "RSA keys below this size give 'policy'.")
    var minimumRSABits = 1024

    @Flag(name: .customLong("allow-sha1"), help: "Let rsa-sha1 signatures pass (RFC 8301 forbids them).")
    var allowSHA1 = false

    @Flag(name: .customLong("allow-partial-body"), help: "Let signatures whose l= leaves part of the body unsigned pass.")
    var allowPartialBody = false

    @Flag(help: "One JSON object a line.")
    var json = false

    @Argument(help: "Message files (CRLF or LF line ends), directories of them, or - to read their paths from standard input.")
    var paths: [String]

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one message file, directory or -") }
        guard minimumRSABits > 0 else { throw ValidationError("--min-rsa-bits must be positive") }
        guard dnsFile == nil || dnsServers.isEmpty else { throw ValidationError("give --dns-file or --dns-server, not both") }
    }

    func run() async throws {
        var policy = DKIMPolicy()
        policy.minimumRSABits = minimumRSABits
        policy.allowSHA1 = allowSHA1
        policy.allowPartialBody = allowPartialBody
        let resolver: any KeyResolver
        do {
            resolver = try makeResolver()
        } catch let problem as DNSSettingsProblem {
            FileHandle.standardError.write(Data("chainmail: \(problem)\n".utf8))
            throw ExitCode.validationFailure
        }
        let verifier = DKIMVerifier(resolver: resolver, policy: policy)
        let time = now ?? Int64(Date().timeIntervalSince1970)

        var unreadable = 0
        let files = DKIMMessagePaths.files(
            for: paths,
            readLine: { Swift.readLine(strippingNewline: true) },
            problem: { problem in
                FileHandle.standardError.write(Data("chainmail: \(problem)\n".utf8))
                unreadable += 1
            }
        )
        for file in files {
            let message: [UInt8]
            do {
                message = try FileBytes.contents(of: file)
            } catch {
                FileHandle.standardError.write(Data("chainmail: \(error)\n".utf8))
                unreadable += 1
                continue
            }
            let verdict = await verifier.verify(message: message, now: time)
            print(json ? DKIMVerdictReport(file: file, verdict: verdict).jsonLine : DKIMVerdictReport(file: file, verdict: verdict).text)
        }
        if unreadable > 0 { throw ExitCode.failure }
    }

}
