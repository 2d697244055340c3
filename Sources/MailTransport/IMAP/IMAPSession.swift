import CEtPan
import Foundation

/// Owns one libetpan `mailimap` connection. Every method blocks and must run on the poller's
/// `BlockingLane`; nothing else touches the pointer, hence `@unchecked Sendable`. After any
/// thrown error the session is spent: the poller drops it and connects afresh.
final class IMAPSession: @unchecked Sendable {
    private let imap: UnsafeMutablePointer<mailimap>
    private(set) var hasIdle = false
    private(set) var hasMove = false
    private(set) var hasUIDPlus = false

    private init(imap: UnsafeMutablePointer<mailimap>) {
        self.imap = imap
    }

    deinit {
        // Closes the stream (and with it the socket and the TLS connection) if still open.
        mailimap_free(imap)
    }

    /// Connects, upgrades with STARTTLS when configured, logs in and reads the capabilities.
    static func open(configuration: IMAPPollerConfiguration, tls: TLSClientContext?) throws(IMAPError) -> IMAPSession {
        guard let imap = mailimap_new(0, nil) else { throw .connectFailed("out of memory") }
        let session = IMAPSession(imap: imap)
        mailimap_set_timeout(imap, time_t(configuration.ioTimeout.wholeSecondsAtLeastOne))

        let stream: UnsafeMutablePointer<mailstream>
        switch MailStreamFactory.open(to: configuration, tls: tls) {
        case .success(let value): stream = value
        case .failure(.connect(let message)): throw .connectFailed(message)
        case .failure(.tls(let error)): throw .tlsFailed(error)
        }
        let endpoint = TCPConnector.endpoint(host: configuration.host, port: configuration.port)
        let greetingStarted = ContinuousClock.now
        let greeting = Int(mailimap_connect(imap, stream))
        guard greeting == MAILIMAP_NO_ERROR_NON_AUTHENTICATED || greeting == MAILIMAP_NO_ERROR_AUTHENTICATED else {
            if greeting == MAILIMAP_ERROR_STREAM {
                throw .connectFailed(
                    GreetingFailure.describe(
                        endpoint: endpoint,
                        protocol: "IMAP",
                        waited: ContinuousClock.now - greetingStarted,
                        timeout: configuration.ioTimeout
                    )
                )
            }
            throw .connectFailed("\(endpoint) did not greet as an IMAP server (libetpan error \(greeting))")
        }

        if configuration.tls == .starttls {
            guard let tls else { throw .tlsFailed(.setupFailed("no TLS context")) }
            try session.readCapabilities()
            guard mailimap_has_extension(imap, "STARTTLS") != 0 else {
                throw .tlsFailed(.handshakeFailed("\(configuration.host) does not offer STARTTLS; refusing to log in without TLS"))
            }
            let answer = Int(mailimap_starttls(imap))
            guard answer == MAILIMAP_NO_ERROR else {
                throw .tlsFailed(.handshakeFailed("STARTTLS refused by \(configuration.host): \(session.serverText)"))
            }
            if case .failure(let error) = MailStreamFactory.upgradeToTLS(stream, tls: tls, expectedHost: configuration.expectedServerName) {
                throw .tlsFailed(error)
            }
        }

        if greeting == MAILIMAP_NO_ERROR_NON_AUTHENTICATED {
            let login = Int(mailimap_login(imap, configuration.username, configuration.password))
            if login == MAILIMAP_ERROR_STREAM { throw .connectionLost("connection lost during LOGIN") }
            guard login == MAILIMAP_NO_ERROR else {
                throw .loginFailed("login refused by \(endpoint) for \(configuration.username): \(session.serverText)")
            }
        }
        // Capabilities seen before TLS or login are not trusted; ask again.
        try session.readCapabilities()
        session.hasIdle = mailimap_has_idle(imap) != 0
        session.hasMove = mailimap_has_extension(imap, "MOVE") != 0
        session.hasUIDPlus = mailimap_has_uidplus(imap) != 0
        return session
    }

    private func readCapabilities() throws(IMAPError) {
        var data: UnsafeMutablePointer<mailimap_capability_data>?
        try check(mailimap_capability(imap, &data), "CAPABILITY")
        if let data { mailimap_capability_data_free(data) }
    }

    /// Selects `mailbox` read-write and returns its UIDVALIDITY.
    func select(_ mailbox: String) throws(IMAPError) -> UInt32 {
        let result = Int(mailimap_select(imap, mailbox))
        if result == MAILIMAP_ERROR_STREAM { throw .connectionLost("connection lost during SELECT") }
        guard result == MAILIMAP_NO_ERROR, let selection = imap.pointee.imap_selection_info else {
            throw .mailboxUnavailable("SELECT \(mailbox) refused: \(serverText)")
        }
        return selection.pointee.sel_uidvalidity
    }

    /// Creates `mailbox` unless it exists (the server's NO for an existing one is ignored).
    func ensureMailboxExists(_ mailbox: String) throws(IMAPError) {
        let result = Int(mailimap_create(imap, mailbox))
        if result == MAILIMAP_ERROR_STREAM { throw .connectionLost("connection lost during CREATE") }
    }

    /// UIDs above `checkpoint` of messages not deleted and, when `unkeyword` is given, without
    /// that keyword; ascending.
    func searchNewUIDs(after checkpoint: UInt32, unkeyword: String?) throws(IMAPError) -> [UInt32] {
        guard checkpoint < UInt32.max else { return [] }
        guard let key = mailimap_search_key_new_multiple_empty() else { throw .commandFailed("out of memory") }
        defer { mailimap_search_key_free(key) }
        // "n:*" always matches the highest UID even when it is below n (RFC 3501 6.4.8), hence
        // the filter on the answer below.
        mailimap_search_key_multiple_add(key, mailimap_search_key_new_uid(mailimap_set_new_interval(checkpoint + 1, 0)))
        mailimap_search_key_multiple_add(key, chainmail_search_key_new_undeleted())
        if let unkeyword {
            mailimap_search_key_multiple_add(key, mailimap_search_key_new_unkeyword(strdup(unkeyword)))
        }
        var result: UnsafeMutablePointer<clist>?
        try check(mailimap_uid_search(imap, nil, key, &result), "UID SEARCH")
        defer { if let result { mailimap_search_result_free(result) } }
        var uids: [UInt32] = []
        var cell = result?.pointee.first
        while let current = cell {
            if let value = current.pointee.data?.assumingMemoryBound(to: UInt32.self).pointee, value > checkpoint {
                uids.append(value)
            }
            cell = current.pointee.next
        }
        return uids.sorted()
    }

    enum Fetched {
        /// Gone (expunged by someone else) between SEARCH and FETCH.
        case missing
        case tooLarge(size: Int)
        case message([UInt8])
    }

    /// The message's size first, then, if within `maxSize`, its bytes with `BODY.PEEK[]` (which
    /// leaves `\Seen` alone). The body fetch asks for at most `maxSize + 1` octets so a server
    /// that misreported the size still cannot make us hold more than the limit.
    func fetch(uid: UInt32, maxSize: Int) throws(IMAPError) -> Fetched {
        guard let size = try fetchSize(uid: uid) else { return .missing }
        if size > maxSize { return .tooLarge(size: size) }

        guard let set = mailimap_set_new_single(uid) else { throw .commandFailed("out of memory") }
        defer { mailimap_set_free(set) }
        guard let fetchType = mailimap_fetch_type_new_fetch_att_list_empty() else { throw .commandFailed("out of memory") }
        defer { mailimap_fetch_type_free(fetchType) }
        mailimap_fetch_type_new_fetch_att_list_add(fetchType, mailimap_fetch_att_new_uid())
        let limit = UInt32(clamping: maxSize + 1)
        mailimap_fetch_type_new_fetch_att_list_add(fetchType, mailimap_fetch_att_new_body_peek_section_partial(mailimap_section_new(nil), 0, limit))
        var result: UnsafeMutablePointer<clist>?
        try check(mailimap_uid_fetch(imap, set, fetchType, &result), "UID FETCH BODY.PEEK[]")
        defer { if let result { mailimap_fetch_list_free(result) } }

        var body: [UInt8]?
        Self.forEachStaticAttribute(in: result) { attributes in
            guard attributes.uid == uid, let section = attributes.bodySection else { return }
            body = section
        }
        guard let body else { return .missing }
        if body.count > maxSize { return .tooLarge(size: body.count) }
        return .message(body)
    }

    private func fetchSize(uid: UInt32) throws(IMAPError) -> Int? {
        guard let set = mailimap_set_new_single(uid) else { throw .commandFailed("out of memory") }
        defer { mailimap_set_free(set) }
        guard let fetchType = mailimap_fetch_type_new_fetch_att_list_empty() else { throw .commandFailed("out of memory") }
        defer { mailimap_fetch_type_free(fetchType) }
        mailimap_fetch_type_new_fetch_att_list_add(fetchType, mailimap_fetch_att_new_uid())
        mailimap_fetch_type_new_fetch_att_list_add(fetchType, mailimap_fetch_att_new_rfc822_size())
        var result: UnsafeMutablePointer<clist>?
        try check(mailimap_uid_fetch(imap, set, fetchType, &result), "UID FETCH RFC822.SIZE")
        defer { if let result { mailimap_fetch_list_free(result) } }
        var size: Int?
        Self.forEachStaticAttribute(in: result) { attributes in
            if attributes.uid == uid, let value = attributes.size { size = value }
        }
        return size
    }

    private struct StaticAttributes {
        var uid: UInt32?
        var size: Int?
        var bodySection: [UInt8]?
    }

    /// Walks a FETCH answer (a clist of `mailimap_msg_att`), one call per message.
    private static func forEachStaticAttribute(in list: UnsafeMutablePointer<clist>?, _ body: (StaticAttributes) -> Void) {
        var messageCell = list?.pointee.first
        while let message = messageCell {
            messageCell = message.pointee.next
            guard let attribute = message.pointee.data?.assumingMemoryBound(to: mailimap_msg_att.self) else { continue }
            var found = StaticAttributes()
            var itemCell = attribute.pointee.att_list?.pointee.first
            while let item = itemCell {
                itemCell = item.pointee.next
                guard let value = item.pointee.data?.assumingMemoryBound(to: mailimap_msg_att_item.self),
                    Int(value.pointee.att_type) == MAILIMAP_MSG_ATT_ITEM_STATIC,
                    let staticItem = value.pointee.att_data.att_static
                else { continue }
                switch Int(staticItem.pointee.att_type) {
                case MAILIMAP_MSG_ATT_UID:
                    found.uid = staticItem.pointee.att_data.att_uid
                case MAILIMAP_MSG_ATT_RFC822_SIZE:
                    found.size = Int(staticItem.pointee.att_data.att_rfc822_size)
                case MAILIMAP_MSG_ATT_BODY_SECTION:
                    if let section = staticItem.pointee.att_data.att_body_section {
                        let length = section.pointee.sec_length
                        if let bytes = section.pointee.sec_body_part {
                            found.bodySection = Array(UnsafeRawBufferPointer(start: bytes, count: length))
                        } else {
                            found.bodySection = []
                        }
                    }
                default:
                    break
                }
            }
            body(found)
        }
    }

    /// Marks a handled message the configured way.
    func mark(uid: UInt32, as action: IMAPAfterProcessing) throws(IMAPError) {
        switch action {
        case .flag(let keyword):
            try addFlags(uid: uid, seen: true, deleted: false, keyword: keyword)
        case .move(let target):
            guard let set = mailimap_set_new_single(uid) else { throw .commandFailed("out of memory") }
            defer { mailimap_set_free(set) }
            if hasMove {
                // \Seen first: MOVE keeps flags, and a person looking at the target should see
                // the message as read like in flag mode.
                try addFlags(uid: uid, seen: true, deleted: false, keyword: nil)
                try check(mailimap_uid_move(imap, set, target), "UID MOVE")
                return
            }
            try check(mailimap_uid_copy(imap, set, target), "UID COPY")
            try addFlags(uid: uid, seen: true, deleted: true, keyword: nil)
            if hasUIDPlus {
                try check(mailimap_uid_expunge(imap, set), "UID EXPUNGE")
            } else {
                try check(mailimap_expunge(imap), "EXPUNGE")
            }
        }
    }

    /// Marks a message that could not be handled: the set-aside keyword, then the usual mark, so
    /// it is skipped like a handled one and can be found by a person.
    func setAside(uid: UInt32, as action: IMAPAfterProcessing) throws(IMAPError) {
        try addFlags(uid: uid, seen: false, deleted: false, keyword: IMAPAfterProcessing.setAsideKeyword)
        try mark(uid: uid, as: action)
    }

    private func addFlags(uid: UInt32, seen: Bool, deleted: Bool, keyword: String?) throws(IMAPError) {
        guard let set = mailimap_set_new_single(uid), let flags = mailimap_flag_list_new_empty() else {
            throw .commandFailed("out of memory")
        }
        defer { mailimap_set_free(set) }
        if seen { mailimap_flag_list_add(flags, mailimap_flag_new_seen()) }
        if deleted { mailimap_flag_list_add(flags, mailimap_flag_new_deleted()) }
        if let keyword { mailimap_flag_list_add(flags, mailimap_flag_new_flag_keyword(strdup(keyword))) }
        guard let store = mailimap_store_att_flags_new_add_flags_silent(flags) else {
            mailimap_flag_list_free(flags)
            throw .commandFailed("out of memory")
        }
        defer { mailimap_store_att_flags_free(store) }
        try check(mailimap_uid_store(imap, set, store), "UID STORE")
    }

    /// One IDLE (RFC 2177): returns when the server says something (new mail, expunge, "still
    /// here", BYE), when `wake` is signalled, or after `limit`; then sends DONE.
    func idle(upTo limit: Duration, wake: WakeSignal) throws(IMAPError) -> WakeSignal.WakeReason {
        guard let stream = imap.pointee.imap_stream else { throw .connectionLost("no connection") }
        try check(mailimap_idle(imap), "IDLE")
        // Bytes already buffered by libetpan or OpenSSL never make the socket readable again.
        let buffered = stream.pointee.read_buffer_len > 0 || (MailStreamFactory.tlsConnection(of: stream)?.bufferedByteCount ?? 0) > 0
        let reason = buffered ? .socketActivity : wake.wait(timeout: limit, socket: mailimap_idle_get_fd(imap))
        try check(mailimap_idle_done(imap), "DONE")
        return reason
    }

    /// Best effort: a server that is gone is not waited for beyond the socket timeouts.
    func logout() {
        if imap.pointee.imap_stream != nil {
            _ = mailimap_logout(imap)
        }
    }

    /// The text of the server's last tagged answer, for error messages.
    private var serverText: String {
        guard let text = imap.pointee.imap_response else { return "no answer" }
        return String(cString: text)
    }

    private func check(_ result: Int32, _ command: String) throws(IMAPError) {
        let code = Int(result)
        if code == MAILIMAP_NO_ERROR || code == MAILIMAP_NO_ERROR_AUTHENTICATED || code == MAILIMAP_NO_ERROR_NON_AUTHENTICATED {
            return
        }
        if code == MAILIMAP_ERROR_STREAM || imap.pointee.imap_stream == nil {
            throw .connectionLost("connection lost during \(command)")
        }
        throw .commandFailed("\(command) failed (libetpan error \(code)): \(serverText)")
    }
}
