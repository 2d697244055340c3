import AsyncHTTPClient
import Foundation

/// Every OIDC issuer's verification keys, by kid: the OIDC key registry.
///
/// Keys come from three sources: the issuer's JWKS URL (fetched at start, every
/// `refreshInterval`, and when a token names an unknown kid, at most once per `refetchInterval`
/// per issuer), a JWKS file named in the settings (read on the same occasions), or an operator's
/// import (`importJWKS`, `chainmail oidc keys import`). Every key is persisted in the store
/// before it is used, so after a restart tokens keep verifying without the provider: a provider
/// that is gone for good leaves its last keys in place (recovery). A fetched set replaces the
/// keys its source gave before (rotation removes old keys), unless it holds no usable key, in
/// which case the old keys stay and the refresh counts as failed.
///
/// An issuer is known when the settings list it or the store holds keys for it; tokens of other
/// issuers are refused with `oidc_issuer_unknown`.
///
/// Keys are held in memory for at most `storeRecheckInterval` before the store is read again, so a
/// key removed by another process (`chainmail oidc keys remove`, or a rotation fetched by the
/// instance that runs the refresher) stops verifying on every instance within that time.
public actor OIDCKeyRegistry {
    public static let defaultRefetchInterval: Duration = .seconds(60)
    public static let defaultStoreRecheckInterval: Duration = .seconds(5)

    private let issuers: [String: OIDCIssuerSettings]
    private let store: any OIDCKeyStore
    private let fetcher: JWKSFetcher?
    private let refetchInterval: Duration
    private let storeRecheckInterval: Duration
    private let clock = ContinuousClock()

    /// Keys loaded from the store, by issuer then kid, and when each issuer's were loaded.
    private var cache: [String: [String: OIDCSigningKey]] = [:]
    private var loadedAt: [String: ContinuousClock.Instant] = [:]
    private var lastRefreshAttempt: [String: ContinuousClock.Instant] = [:]
    private var lastRefreshFailure: [String: EngineError] = [:]
    private var refreshesInFlight: [String: Task<Result<OIDCKeyImport, EngineError>, Never>] = [:]

    /// - Parameters:
    ///   - httpClient: used for `jwksURL` issuers; without one, those issuers rely on stored keys.
    ///   - refetchInterval: the least time between two refreshes of one issuer triggered by unknown kids.
    ///   - storeRecheckInterval: the longest an issuer's keys are used from memory before the store
    ///     is read again.
    public init(
        settings: OIDCSettings,
        store: any OIDCKeyStore,
        httpClient: HTTPClient?,
        refetchInterval: Duration = OIDCKeyRegistry.defaultRefetchInterval,
        storeRecheckInterval: Duration = OIDCKeyRegistry.defaultStoreRecheckInterval
    ) throws(EngineError) {
        try settings.validate()
        self.issuers = Dictionary(settings.issuers.map { ($0.issuer, $0) }, uniquingKeysWith: { first, _ in first })
        self.store = store
        self.fetcher = httpClient.map(JWKSFetcher.init)
        self.refetchInterval = refetchInterval
        self.storeRecheckInterval = storeRecheckInterval
    }

    // MARK: Verification

    /// The key `issuer` signs with under `kid`: from memory (read from the store at most
    /// `storeRecheckInterval` ago), else the store (another process may have imported it), else a
    /// rate-limited refresh from the issuer's source.
    public func signingKey(issuer: String, kid: String) async -> Result<OIDCSigningKey, EngineError> {
        do {
            if let key = freshlyCachedKey(issuer, kid) { return .success(key) }
            if let key = try await reload(issuer)[kid] { return .success(key) }
            guard issuers[issuer] != nil || !(cache[issuer] ?? [:]).isEmpty else { return .failure(.oidcIssuerUnknown(issuer)) }
            let refresh = await refreshIfAllowed(issuer)
            if let key = cache[issuer]?[kid] { return .success(key) }
            if (cache[issuer] ?? [:]).isEmpty {
                let reason = refresh.map { "\($0.message)" } ?? lastRefreshFailure[issuer]?.message ?? "it has no key source configured"
                return .failure(.oidcKeysUnavailable("no keys are registered for issuer \(quoted(issuer)): \(reason)"))
            }
            return .failure(.oidcKidUnknown("issuer \(quoted(issuer)) has no key \(quoted(kid))"))
        } catch {
            return .failure(error)
        }
    }

    // MARK: Operators

    /// Registers the usable keys of a JWKS for `issuer` (adding to, or replacing by kid, what is
    /// there). Refuses a set with no usable key.
    @discardableResult
    public func importJWKS(_ jwks: [UInt8], issuer: String) async throws(EngineError) -> OIDCKeyImport {
        try OIDCIssuerSettings(issuer: issuer).validate()
        return try await save(try OIDCKeySet(jwks: jwks), issuer: issuer, source: .operatorImport)
    }

    /// Removes one key; false when it was not registered.
    @discardableResult
    public func removeKey(issuer: String, kid: String) async throws(EngineError) -> Bool {
        let removed: Bool
        do {
            removed = try await store.removeOIDCKey(issuer: issuer, kid: kid)
        } catch {
            throw AccountEngine.storeError(error)
        }
        cache[issuer]?[kid] = nil
        return removed
    }

    /// The keys registered for `issuer`, sorted by kid.
    public func keys(issuer: String) async throws(EngineError) -> [OIDCSigningKey] {
        try await reload(issuer).values.sorted { $0.kid < $1.kid }
    }

    /// Fetches (or reads) `issuer`'s configured key source now and registers it.
    @discardableResult
    public func refresh(issuer: String) async throws(EngineError) -> OIDCKeyImport {
        try await coalescedRefresh(issuer).get()
    }

    /// Refreshes every issuer that has a key source; the outcome for each, by issuer.
    public func refreshAll() async -> [String: Result<OIDCKeyImport, EngineError>] {
        var outcomes: [String: Result<OIDCKeyImport, EngineError>] = [:]
        for issuer in issuers.values where issuer.jwksURL != nil || issuer.jwksFile != nil {
            outcomes[issuer.issuer] = await coalescedRefresh(issuer.issuer)
        }
        return outcomes
    }

    /// Refreshes each issuer with a key source at once, then every `refreshInterval` (after a
    /// failure, within five minutes), until the task is cancelled.
    public func run() async {
        let scheduled = issuers.values.filter { $0.jwksURL != nil || $0.jwksFile != nil }
        var due = Dictionary(uniqueKeysWithValues: scheduled.map { ($0.issuer, clock.now) })
        while !Task.isCancelled {
            for issuer in scheduled where due[issuer.issuer].map({ $0 <= clock.now }) ?? false {
                let interval = Duration.seconds(issuer.refreshInterval)
                switch await coalescedRefresh(issuer.issuer) {
                case .success: due[issuer.issuer] = clock.now + interval
                case .failure: due[issuer.issuer] = clock.now + min(interval, .seconds(300))
                }
            }
            let wake = due.values.min() ?? clock.now + .seconds(86_400)
            do {
                try await Task.sleep(until: wake, clock: clock)
            } catch {
                return
            }
        }
    }

    // MARK: Internals

    /// `issuer`'s key `kid` as the store held it at most `storeRecheckInterval` ago.
    private func freshlyCachedKey(_ issuer: String, _ kid: String) -> OIDCSigningKey? {
        guard let loaded = loadedAt[issuer], clock.now - loaded < storeRecheckInterval else { return nil }
        return cache[issuer]?[kid]
    }

    private func reload(_ issuer: String) async throws(EngineError) -> [String: OIDCSigningKey] {
        let stored: [StoredOIDCKey]
        do {
            stored = try await store.oidcKeys(issuer: issuer)
        } catch {
            throw AccountEngine.storeError(error)
        }
        var keys: [String: OIDCSigningKey] = [:]
        for entry in stored {
            guard let json = try? StrictJSONParser(maxBytes: 64 * 1024, maxDepth: 4).parse(entry.jwk),
                case .success(let key) = OIDCSigningKey.parse(json), key.kid == entry.kid
            else { continue }
            keys[key.kid] = key
        }
        // Only issuers that exist are remembered: a token naming a made-up issuer must not leave
        // an entry behind, or a stream of them would hold memory for good.
        let remembered = !keys.isEmpty || issuers[issuer] != nil
        cache[issuer] = remembered ? keys : nil
        loadedAt[issuer] = remembered ? clock.now : nil
        return keys
    }

    /// How many issuers the registry holds in memory (tests check that unknown ones leave nothing).
    package var cachedIssuerCount: Int { cache.count }

    /// Refreshes unless one ran less than `refetchInterval` ago; the failure, if it failed.
    private func refreshIfAllowed(_ issuer: String) async -> EngineError? {
        guard let settings = issuers[issuer], settings.jwksURL != nil || settings.jwksFile != nil else { return nil }
        if refreshesInFlight[issuer] == nil, let last = lastRefreshAttempt[issuer], clock.now - last < refetchInterval {
            return lastRefreshFailure[issuer]
        }
        if case .failure(let error) = await coalescedRefresh(issuer) { return error }
        return nil
    }

    /// One refresh per issuer at a time; concurrent callers share its outcome.
    private func coalescedRefresh(_ issuer: String) async -> Result<OIDCKeyImport, EngineError> {
        if let running = refreshesInFlight[issuer] { return await running.value }
        lastRefreshAttempt[issuer] = clock.now
        let task = Task { await self.performRefresh(issuer) }
        refreshesInFlight[issuer] = task
        let outcome = await task.value
        refreshesInFlight[issuer] = nil
        switch outcome {
        case .success: lastRefreshFailure[issuer] = nil
        case .failure(let error): lastRefreshFailure[issuer] = error
        }
        return outcome
    }

    private func performRefresh(_ issuer: String) async -> Result<OIDCKeyImport, EngineError> {
        guard let settings = issuers[issuer] else { return .failure(.oidcIssuerUnknown(issuer)) }
        do throws(EngineError) {
            let bytes: [UInt8]
            let source: OIDCKeySource
            if let url = settings.jwksURL {
                guard let fetcher else { throw EngineError.oidcKeysUnavailable("no HTTP client is configured to fetch \(url)") }
                bytes = try await fetcher.fetch(url)
                source = .jwksURL
            } else if let path = settings.jwksFile {
                bytes = try Self.readFile(path)
                source = .jwksFile
            } else {
                throw EngineError.oidcKeysUnavailable("issuer \(quoted(issuer)) has no jwksURL or jwksFile")
            }
            let keySet: OIDCKeySet
            do {
                keySet = try OIDCKeySet(jwks: bytes)
            } catch {
                throw EngineError.oidcKeysUnavailable("the key set of issuer \(quoted(issuer)) is unusable: \(error.message)")
            }
            return .success(try await save(keySet, issuer: issuer, source: source))
        } catch {
            return .failure(error)
        }
    }

    private func save(_ keySet: OIDCKeySet, issuer: String, source: OIDCKeySource) async throws(EngineError) -> OIDCKeyImport {
        guard !keySet.keys.isEmpty else {
            let reasons = keySet.skipped.prefix(5).map(\.description).joined(separator: "; ")
            let error = "the key set holds no usable key\(reasons.isEmpty ? "" : " (\(reasons))")"
            throw source == .operatorImport ? .oidcJWKSInvalid(error) : .oidcKeysUnavailable(error)
        }
        let now = Date()
        let stored = keySet.keys.map { StoredOIDCKey(issuer: issuer, kid: $0.kid, jwk: $0.jwk, source: source, recordedAt: now) }
        do {
            try await store.saveOIDCKeys(stored, issuer: issuer, source: source, replacingSource: source != .operatorImport)
        } catch {
            throw AccountEngine.storeError(error)
        }
        _ = try await reload(issuer)
        return OIDCKeyImport(issuer: issuer, source: source, kids: keySet.keys.map(\.kid).sorted(), skipped: keySet.skipped)
    }

    private static func readFile(_ path: String) throws(EngineError) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .oidcKeysUnavailable("cannot open the JWKS file \(quoted(path))")
        }
        defer { try? handle.close() }
        let data: Data?
        do {
            data = try handle.read(upToCount: OIDCKeySet.maxBytes + 1)
        } catch {
            throw .oidcKeysUnavailable("cannot read the JWKS file \(quoted(path)): \(error)")
        }
        let bytes = Array(data ?? Data())
        guard bytes.count <= OIDCKeySet.maxBytes else { throw .oidcKeysUnavailable("the JWKS file \(quoted(path)) is too large") }
        return bytes
    }
}
