import AccountEngine
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ServeConfiguration {
    /// Everything that can be checked without connecting anywhere, beyond what decoding checked:
    /// each section's own rules, the files it names readable, the data directory writable or
    /// creatable. Each problem is a sentence naming the setting; empty when all is well.
    func offlineProblems() -> [String] {
        var problems: [String] = []
        func check(_ body: () throws -> Void) {
            do { try body() } catch { problems.append("\(error)") }
        }
        func readable(_ path: String?, setting: String) {
            guard let path else { return }
            if access(path, R_OK) != 0 { problems.append("\(setting): cannot read \(path) (\(String(cString: strerror(errno))))") }
        }

        if let problem = DataDirectory.writabilityProblem(dataDirectory) { problems.append(problem) }
        check { try authentication.validate() }
        for (index, issuer) in authentication.oidc.issuers.enumerated() {
            readable(issuer.jwksFile, setting: "authentication.oidc.issuers[\(index)].jwksFile")
        }
        check { try http?.validate() }
        problems += signerProblems()
        problems += store.problems()
        problems += chains?.problems ?? []
        if let trustAnchorFile = dns.trustAnchorFile, trustAnchorFile != "none" {
            readable(trustAnchorFile, setting: "dns.trustAnchorFile")
        }
        readable(dns.staticFile, setting: "dns.staticFile")
        if problems.allSatisfy({ !$0.hasPrefix("dns.") }) { check { _ = try dns.makeResolver() } }
        if let imap {
            readable(imap.caFile, setting: "imap.caFile")
            check { _ = try imap.pollerConfiguration() }
        }
        if let smtp {
            readable(smtp.caFile, setting: "smtp.caFile")
            check { _ = try smtp.senderConfiguration() }
        }
        if imap == nil, smtp == nil, http == nil, authentication.oidc.issuers.isEmpty {
            problems.append("nothing to serve: configure http, imap, smtp or authentication.oidc")
        }
        return problems
    }
}
