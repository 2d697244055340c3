import COpenSSL

/// Owns one OpenSSL `SSL_CTX` for client connections: TLS 1.2 or newer, peer verification on,
/// trust anchors from a CA file or the system store. Shared by every connection of one
/// configuration; OpenSSL contexts are safe to use from several threads once set up.
package final class TLSClientContext: @unchecked Sendable {
    let context: OpaquePointer

    /// The context connections to `endpoint` need: none when it is plain text.
    package static func required(for endpoint: some MailServerEndpoint) throws(TLSError) -> TLSClientContext? {
        endpoint.tls == .none ? nil : try TLSClientContext(caFile: endpoint.caFile)
    }

    /// - Parameter caFile: PEM file of trusted CAs; nil trusts the system store instead.
    package init(caFile: String?) throws(TLSError) {
        OpenSSLErrors.clear()
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw .setupFailed("SSL_CTX_new failed: \(OpenSSLErrors.drain())")
        }
        self.context = context
        guard chainmail_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1 else {
            throw .setupFailed("cannot require TLS 1.2: \(OpenSSLErrors.drain())")
        }
        // Writes either complete or fail; libetpan never sees a partial write.
        _ = chainmail_SSL_CTX_set_mode(context, Int(SSL_MODE_AUTO_RETRY))
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        if let caFile {
            guard SSL_CTX_load_verify_locations(context, caFile, nil) == 1 else {
                throw .caFileUnreadable("cannot load CA certificates from \(caFile): \(OpenSSLErrors.drain())")
            }
        } else {
            guard SSL_CTX_set_default_verify_paths(context) == 1 else {
                throw .setupFailed("cannot load the system CA store: \(OpenSSLErrors.drain())")
            }
        }
    }

    deinit {
        SSL_CTX_free(context)
    }
}
