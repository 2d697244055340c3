import AccountEngine
import ChainTransactions
import Foundation
import MailIngest
import PostgresStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything `serve` needs of its store, whichever kind: accounts, proof state, OIDC keys, sent
/// chain transactions, and the root public key record.
typealias ServeStore = AccountStore & WebAuthnCounterStore & OIDCKeyStore & BroadcastStore & RootKeyRecordStore & WorkerLeaseStore

/// Everything `serve` needs of its mail ledger: outcomes and replies (in the store's database, so a
/// mail's record joins its execution's commit), the outbox, and the mailbox checkpoints.
typealias ServeLedger = MailLedger & OutboxStore & MailboxCheckpointStore

extension ServeConfiguration {
    /// The `store` section: `{kind: sqlite}` (the default: `accounts.sqlite` in the data
    /// directory) or `{kind: postgres, url, passwordFile, tls, caFile, poolSize}`, a PostgreSQL
    /// database that several instances share.
    struct StoreSection: Decodable {
        var kind: Kind
        /// `postgres://USER@HOST:PORT/DATABASE`, without a password.
        var url: String?
        /// The password, alone in a file (one trailing line end is not part of it); without one,
        /// `$PGPASSWORD`.
        var passwordFile: String?
        var tls: TLSMode?
        /// A PEM file of the CA certificates `tls: verify-full` trusts instead of the system's
        /// (a private CA, such as a managed PostgreSQL service's); only with `verify-full`.
        var caFile: String?
        /// The most connections one instance opens (1 to 100).
        var poolSize: Int?
        /// How long an instance holds a background worker (signing, broadcast, OIDC keys) without
        /// renewing: another instance takes it over within this and a fifth more after the holder
        /// dies (3 to 600 s).
        var workerLeaseSeconds: Int?

        static let defaultPoolSize = 10
        static let poolSizeRange = 1...100
        static let defaultWorkerLeaseSeconds = 15
        static let workerLeaseRange = 3...600

        /// A worker's lease and how often it is renewed (a fifth of the lease).
        var workerLease: (duration: Duration, renewInterval: Duration) {
            let seconds = workerLeaseSeconds ?? Self.defaultWorkerLeaseSeconds
            return (.seconds(seconds), .milliseconds(seconds * 200))
        }

        init(kind: Kind = .sqlite) {
            self.kind = kind
        }

        /// What `store.kind` accepts.
        enum Kind: String, Decodable, CaseIterable, EnumeratedSetting {
            case sqlite
            case postgres
        }

        /// What `store.tls` accepts, as libpq's `sslmode` names them.
        enum TLSMode: String, Decodable, CaseIterable, EnumeratedSetting {
            case disable
            case require
            case verifyFull = "verify-full"

            var storeMode: PostgresAccountStore.Configuration.TLSMode {
                switch self {
                case .disable: .disable
                case .require: .require
                case .verifyFull: .verifyFull
                }
            }
        }

        /// The section's problems, found without connecting anywhere, each naming the setting.
        func problems() -> [String] {
            var problems: [String] = []
            switch kind {
            case .sqlite:
                let postgresOnly = [
                    ("url", url != nil), ("passwordFile", passwordFile != nil), ("tls", tls != nil), ("caFile", caFile != nil),
                    ("poolSize", poolSize != nil),
                    ("workerLeaseSeconds", workerLeaseSeconds != nil),
                ]
                for (name, given) in postgresOnly where given {
                    problems.append("store.\(name) applies only to store.kind postgres")
                }
            case .postgres:
                if url == nil {
                    problems.append("store.url is required with store.kind postgres (postgres://USER@HOST:PORT/DATABASE)")
                }
                if let poolSize, !Self.poolSizeRange.contains(poolSize) {
                    problems.append("store.poolSize \(poolSize) is not 1 to 100")
                }
                if let workerLeaseSeconds, !Self.workerLeaseRange.contains(workerLeaseSeconds) {
                    problems.append("store.workerLeaseSeconds \(workerLeaseSeconds) is not 3 to 600")
                }
                if let url, poolSize.map(Self.poolSizeRange.contains) ?? true {
                    do {
                        _ = try PostgresAccountStore.Configuration(url: url, poolSize: poolSize ?? Self.defaultPoolSize).endpoint()
                    } catch {
                        problems.append("store.url: \(error.message)")
                    }
                }
                if let passwordFile, access(passwordFile, R_OK) != 0 {
                    problems.append("store.passwordFile: cannot read \(passwordFile) (\(String(cString: strerror(errno))))")
                }
                if let caFile {
                    let tls = (tls ?? .verifyFull).storeMode
                    do {
                        try PostgresAccountStore.Configuration(url: url ?? "", tls: tls, caFile: caFile).checkCAFile()
                    } catch {
                        problems.append("store.caFile: \(error.code): \(error.message)")
                    }
                }
            }
            return problems
        }

        /// The PostgreSQL store's configuration, the password read from its file now (else
        /// `$PGPASSWORD`, as libpq reads it).
        func postgresConfiguration() throws -> PostgresAccountStore.Configuration {
            var password = Self.environmentPassword
            if let passwordFile {
                guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
                    throw ConfigurationError("store.passwordFile: cannot read \(passwordFile)")
                }
                password = Self.withoutTrailingLineEnd(text)
            }
            return PostgresAccountStore.Configuration(
                url: url ?? "",
                password: password,
                tls: (tls ?? .verifyFull).storeMode,
                caFile: caFile,
                poolSize: poolSize ?? Self.defaultPoolSize
            )
        }

        /// `$PGPASSWORD` (libpq's variable), the password used when no password file is named;
        /// nil when unset or empty.
        static var environmentPassword: String? {
            ProcessInfo.processInfo.environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        }

        /// `text` without one trailing line end (`\n` or `\r\n`, one Character): what an editor or
        /// `echo` adds.
        static func withoutTrailingLineEnd(_ text: String) -> String {
            text.last == "\n" || text.last == "\r\n" ? String(text.dropLast()) : text
        }
    }
}
