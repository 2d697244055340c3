import AccountEngine
import Foundation
import PostgresNIO

extension PostgresAccountStore: WebAuthnCounterStore {
    public func webAuthnSignCount(credential: String) async throws -> UInt32? {
        try await withSession { session in try await Self.storedSignCount(session, credential) }
    }

    static func storedSignCount(_ session: PostgresSession, _ credential: String) async throws -> UInt32? {
        try await session.rows("SELECT sign_count FROM webauthn_counters WHERE match_key = \(credential)")
            .first.map { UInt32(clamping: try $0.decode(Int64.self)) }
    }

    /// Applies one proof state change as a compare-and-set, or answers the refusal it meets (the
    /// caller then rolls the whole transaction back, so a refusal leaves nothing written). Each is
    /// one statement that locks its row: of two transactions presenting the same counter or DKIM
    /// signature at once, the second waits for the first and then sees what it wrote.
    static func apply(_ session: PostgresSession, _ change: ProofStateChange, at date: Date) async throws -> EngineError? {
        let now = date.timeIntervalSince1970
        switch change {
        case .webAuthnSignCount(let credential, let count):
            let advanced = try await session.exists(
                """
                INSERT INTO webauthn_counters (match_key, sign_count, updated_at) VALUES (\(credential), \(Int64(count)), \(now))
                ON CONFLICT (match_key) DO UPDATE SET sign_count = excluded.sign_count, updated_at = excluded.updated_at
                WHERE webauthn_counters.sign_count < excluded.sign_count
                RETURNING match_key
                """
            )
            if advanced { return nil }
            let stored = try await storedSignCount(session, credential) ?? count
            return .webAuthnCounterRegressed(stored: stored, presented: count)
        case .emailSignature(let signature, let txHash, let redeliveryKey):
            let accepted = try await session.exists(
                """
                INSERT INTO accepted_email_signatures (dkim_signature, tx_hash, redelivery_key, accepted_at)
                VALUES (\(signature), \(txHash), \(redeliveryKey), \(now))
                ON CONFLICT (dkim_signature) DO NOTHING RETURNING dkim_signature
                """
            )
            return accepted ? nil : .emailReplayed
        }
    }
}

extension PostgresAccountStore: OIDCKeyStore {
    public func oidcKeys(issuer: String) async throws -> [StoredOIDCKey] {
        try await withSession { session in
            try await session.rows("SELECT kid, jwk_json, source, recorded_at FROM oidc_keys WHERE issuer = \(issuer) ORDER BY kid")
                .map { row in
                    let (kid, jwk, source, recordedAt) = try row.decode((String, String, String, Double).self)
                    return StoredOIDCKey(
                        issuer: issuer,
                        kid: kid,
                        jwk: jwk,
                        source: OIDCKeySource(rawValue: source) ?? .operatorImport,
                        recordedAt: Date(timeIntervalSince1970: recordedAt)
                    )
                }
        }
    }

    public func oidcKeyIssuers() async throws -> [String] {
        try await withSession { session in
            try await session.rows("SELECT DISTINCT issuer FROM oidc_keys ORDER BY issuer").map { try $0.decode(String.self) }
        }
    }

    public func saveOIDCKeys(_ keys: [StoredOIDCKey], issuer: String, source: OIDCKeySource, replacingSource: Bool) async throws {
        try await transaction { session in
            if replacingSource {
                try await session.rows("DELETE FROM oidc_keys WHERE issuer = \(issuer) AND source = \(source.rawValue)")
            }
            for key in keys {
                try await session.rows(
                    """
                    INSERT INTO oidc_keys (issuer, kid, jwk_json, source, recorded_at)
                    VALUES (\(issuer), \(key.kid), \(key.jwk), \(source.rawValue), \(key.recordedAt.timeIntervalSince1970))
                    ON CONFLICT (issuer, kid) DO UPDATE SET
                        jwk_json = excluded.jwk_json, source = excluded.source, recorded_at = excluded.recorded_at
                    """
                )
            }
            return .commit(())
        }
    }

    public func removeOIDCKey(issuer: String, kid: String) async throws -> Bool {
        try await withSession { session in
            try await session.exists("DELETE FROM oidc_keys WHERE issuer = \(issuer) AND kid = \(kid) RETURNING kid")
        }
    }
}

extension PostgresAccountStore {
    /// What accepted the DKIM signature `dkimSignature` (a `b=` value), if anything did.
    public func acceptedEmail(dkimSignature: String) async throws -> AcceptedEmail? {
        try await withSession { session in
            try await session.rows(
                "SELECT tx_hash, redelivery_key FROM accepted_email_signatures WHERE dkim_signature = \(dkimSignature)"
            ).first.map { row in
                let (txHash, redeliveryKey) = try row.decode((String, String?).self)
                return AcceptedEmail(txHash: txHash, redeliveryKey: redeliveryKey)
            }
        }
    }
}
