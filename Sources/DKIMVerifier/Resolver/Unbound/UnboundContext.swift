import CUnbound
import ErrorCodes
import Foundation

/// Owns one libunbound context, configured once here and freed on deinit.
///
/// After `init` only ``UnboundQueryLoop``'s thread touches it, which is what makes the
/// `@unchecked Sendable` true: libunbound's context is not meant to be shared.
final class UnboundContext: @unchecked Sendable {
    let pointer: OpaquePointer

    init(configuration: UnboundKeyResolver.Configuration) throws(UnboundResolverError) {
        guard let pointer = ub_ctx_create() else {
            throw UnboundResolverError(code: .resolverSetupFailed, message: "ub_ctx_create failed")
        }
        self.pointer = pointer
        // Resolve on a libunbound thread rather than a forked process; results come back
        // through ub_fd and ub_process on the query loop's thread.
        try check(ub_ctx_async(pointer, 1), .resolverSetupFailed, "cannot enable threaded resolution")
        // Keeps validation failures' reasons, so a bogus answer says why.
        try setOption("val-log-level:", "2")
        // libunbound keeps a server that stopped answering as down for up to infra-host-ttl
        // (15 minutes by default), probing it only after a back-off that grows to two minutes, so
        // a DNS server back after a two-minute outage was asked again only about a minute later.
        // Forgetting after 30 s brings look-ups back within seconds of its return (docs/dns.md).
        try setOption("infra-host-ttl:", "30")

        // libunbound keeps a cache of its own: hold it to the same limits as ours. libunbound
        // stores these two in process-wide variables, so the last resolver created sets them
        // for all (one resolver a process is the intended use).
        try setOption("cache-max-ttl:", String(configuration.maximumCacheTTL.components.seconds))
        try setOption("cache-max-negative-ttl:", String(configuration.maximumNegativeCacheTTL.components.seconds))

        var queriesLoopback = false
        if configuration.forwarders.isEmpty {
            // A missing /etc/resolv.conf leaves libunbound recursing from the root hints.
            if ub_ctx_resolvconf(pointer, nil) == 0 {
                queriesLoopback = Self.systemNameserversIncludeLoopback()
            }
        } else {
            for forwarder in configuration.forwarders {
                try check(
                    ub_ctx_set_fwd(pointer, forwarder),
                    .invalidForwarder,
                    "forwarder \(forwarder) is not an IP address with an optional @port"
                )
                queriesLoopback = queriesLoopback || UnboundKeyResolver.Configuration.isLoopback(forwarder)
            }
            // libunbound answers names under test. NXDOMAIN itself (RFC 6761 section 6.2, "by
            // default"); servers named explicitly are asked instead, as test setups expect.
            // ("nodefault" is ignored when set through ub_ctx_set_option; "transparent" works.)
            try setOption("local-zone:", "test. transparent")
        }
        if queriesLoopback {
            try setOption("do-not-query-localhost:", "no")
        }
        if let trustAnchorFile = configuration.trustAnchorFile {
            try check(ub_ctx_add_ta_file(pointer, trustAnchorFile), .trustAnchorUnreadable, "cannot use trust anchor file \(trustAnchorFile)")
        }
    }

    private var deleted = false

    deinit {
        delete()
    }

    /// Frees the context now, on the calling thread (the query loop's, which it may block
    /// while libunbound stops its own thread). `pointer` must not be used afterwards.
    func delete() {
        guard !deleted else { return }
        deleted = true
        ub_ctx_delete(pointer)
    }

    /// libunbound's description of one of its error numbers.
    static func describe(_ error: Int32) -> String {
        ub_strerror(error).map { String(cString: $0) } ?? "libunbound error \(error)"
    }

    private func setOption(_ option: String, _ value: String) throws(UnboundResolverError) {
        try check(ub_ctx_set_option(pointer, option, value), .resolverSetupFailed, "cannot set \(option) \(value)")
    }

    private func check(_ error: Int32, _ code: ErrorCode, _ message: String) throws(UnboundResolverError) {
        guard error == 0 else {
            throw UnboundResolverError(code: code, message: "\(message): \(Self.describe(error))")
        }
    }

    /// Whether /etc/resolv.conf names a loopback server (a local stub such as systemd-resolved).
    private static func systemNameserversIncludeLoopback() -> Bool {
        guard let text = try? String(contentsOfFile: "/etc/resolv.conf", encoding: .utf8) else { return false }
        return text.split(whereSeparator: \.isNewline).contains { line in
            let fields = line.split(whereSeparator: \.isWhitespace)
            return fields.count >= 2 && fields[0] == "nameserver" && UnboundKeyResolver.Configuration.isLoopback(String(fields[1]))
        }
    }
}
