import Foundation

extension MailPipeline {
    /// One TXT look-up of `_domainkey.` under the service address's domain, through the same
    /// resolver as DKIM keys, so that GET /readyz knows about DNS before the first mail arrives.
    /// Any answer (data, NXDOMAIN, no data) reports DNS ready; a temporary failure reports it not
    /// ready with the cause.
    public func probeDNS() async {
        let domain = replies.serviceAddress.split(separator: "@").last.map(String.init) ?? "invalid"
        _ = await keyLookups.lookupTXT("_domainkey.\(domain)")
    }
}
