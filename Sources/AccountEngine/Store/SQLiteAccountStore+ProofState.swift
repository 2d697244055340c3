import Foundation
import GRDB

extension SQLiteAccountStore: WebAuthnCounterStore {
    public func webAuthnSignCount(credential: String) async throws -> UInt32? {
        try await database.read { db in try Self.storedSignCount(db, credential) }
    }

    static func storedSignCount(_ db: Database, _ credential: String) throws -> UInt32? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT sign_count FROM webauthn_counters WHERE match_key = ?"), arguments: [credential])
            .map { UInt32(clamping: $0) }
    }

    /// The refusal a proof state change meets inside the commit's transaction, if any.
    static func proofStateConflict(_ db: Database, _ change: ProofStateChange) throws -> EngineError? {
        switch change {
        case .webAuthnSignCount(let credential, let count):
            guard let stored = try storedSignCount(db, credential), stored >= count else { return nil }
            return .webAuthnCounterRegressed(stored: stored, presented: count)
        case .emailSignature(let signature, _, _):
            let accepted = try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT 1 FROM accepted_email_signatures WHERE dkim_signature = ?"),
                arguments: [signature]
            )
            return accepted == true ? .emailReplayed : nil
        }
    }

    static func apply(_ db: Database, _ change: ProofStateChange, at date: Date) throws {
        switch change {
        case .webAuthnSignCount(let credential, let count):
            try db.cachedStatement(
                sql: """
                    INSERT INTO webauthn_counters (match_key, sign_count, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT (match_key) DO UPDATE SET sign_count = excluded.sign_count, updated_at = excluded.updated_at
                    """
            ).execute(arguments: [credential, Int64(count), date.timeIntervalSince1970])
        case .emailSignature(let signature, let txHash, let redeliveryKey):
            try db.cachedStatement(
                sql: "INSERT INTO accepted_email_signatures (dkim_signature, tx_hash, redelivery_key, accepted_at) VALUES (?, ?, ?, ?)"
            ).execute(arguments: [signature, txHash, redeliveryKey, date.timeIntervalSince1970])
        }
    }
}

extension SQLiteAccountStore: OIDCKeyStore {
    public func oidcKeys(issuer: String) async throws -> [StoredOIDCKey] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT kid, jwk_json, source, recorded_at FROM oidc_keys WHERE issuer = ? ORDER BY kid",
                arguments: [issuer]
            ).map { row in
                StoredOIDCKey(
                    issuer: issuer,
                    kid: row["kid"],
                    jwk: row["jwk_json"],
                    source: OIDCKeySource(rawValue: row["source"]) ?? .operatorImport,
                    recordedAt: Date(timeIntervalSince1970: row["recorded_at"])
                )
            }
        }
    }

    public func oidcKeyIssuers() async throws -> [String] {
        try await database.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT issuer FROM oidc_keys ORDER BY issuer")
        }
    }

    public func saveOIDCKeys(_ keys: [StoredOIDCKey], issuer: String, source: OIDCKeySource, replacingSource: Bool) async throws {
        try await database.write { db in
            if replacingSource {
                try db.execute(sql: "DELETE FROM oidc_keys WHERE issuer = ? AND source = ?", arguments: [issuer, source.rawValue])
            }
            for key in keys {
                try db.execute(
                    sql: """
                        INSERT INTO oidc_keys (issuer, kid, jwk_json, source, recorded_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (issuer, kid) DO UPDATE SET
                            jwk_json = excluded.jwk_json, source = excluded.source, recorded_at = excluded.recorded_at
                        """,
                    arguments: [issuer, key.kid, key.jwk, source.rawValue, key.recordedAt.timeIntervalSince1970]
                )
            }
        }
    }

    public func removeOIDCKey(issuer: String, kid: String) async throws -> Bool {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM oidc_keys WHERE issuer = ? AND kid = ?", arguments: [issuer, kid])
            return db.changesCount > 0
        }
    }
}

extension SQLiteAccountStore {
    /// What accepted the DKIM signature `dkimSignature` (a `b=` value), if anything did.
    /// Read on the writer connection, for the reason given at `accountForExecution`: it comes
    /// right before a commit, and a reader's page cache is reset by every write in between.
    public func acceptedEmail(dkimSignature: String) async throws -> AcceptedEmail? {
        try await database.writeWithoutTransaction { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT tx_hash, redelivery_key FROM accepted_email_signatures WHERE dkim_signature = ?"),
                arguments: [dkimSignature]
            ).map { AcceptedEmail(txHash: $0["tx_hash"], redeliveryKey: $0["redelivery_key"]) }
        }
    }
}

/// The execution a DKIM-signed email authorised.
public struct AcceptedEmail: Sendable, Hashable {
    public let txHash: String
    public let redeliveryKey: String?

    package init(txHash: String, redeliveryKey: String?) {
        self.txHash = txHash
        self.redeliveryKey = redeliveryKey
    }
}
