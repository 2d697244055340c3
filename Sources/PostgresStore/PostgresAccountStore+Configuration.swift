import AccountEngine
import Foundation
import PostgresNIO

extension PostgresAccountStore {
    /// Where the database is and how to reach it. The password is not part of the URL: the caller
    /// reads it from a file of its own (so it stays out of configuration files and logs).
    public struct Configuration: Sendable {
        /// How the connection is encrypted, named as libpq's `sslmode` names them.
        public enum TLSMode: String, Sendable, Hashable, CaseIterable {
            /// Plain TCP (a server on the same host or a private network).
            case disable
            /// TLS, without checking the server's certificate.
            case require
            /// TLS, with the server's certificate checked against the trust roots (the system's, or
            /// those of `caFile`) and the host name.
            case verifyFull = "verify-full"
        }

        /// `postgres://USER@HOST:PORT/DATABASE` (or `postgresql://`); no password in it.
        public var url: String
        public var password: String?
        public var tls: TLSMode
        /// A PEM file of the CA certificates that `verify-full` trusts instead of the system's (a
        /// private CA, such as a managed PostgreSQL service's); only with `tls` `verify-full`.
        public var caFile: String?
        /// The most connections one store opens at once.
        public var poolSize: Int
        /// How long one store call waits for the database (a connection, its queries, its commit)
        /// before it fails with `store_unavailable`. The pool keeps trying to connect meanwhile,
        /// so the same store works again once the server is back.
        public var operationTimeout: Duration

        public init(
            url: String,
            password: String? = nil,
            tls: TLSMode = .verifyFull,
            caFile: String? = nil,
            poolSize: Int = 10,
            operationTimeout: Duration = .seconds(10)
        ) {
            self.url = url
            self.password = password
            self.tls = tls
            self.caFile = caFile
            self.poolSize = poolSize
            self.operationTimeout = operationTimeout
        }

        /// The parts of `url`, checked.
        public struct Endpoint: Sendable, Hashable {
            public let user: String
            public let host: String
            public let port: Int
            public let database: String
        }

        /// `url` read and checked: an `invalid_configuration` error names what is wrong with it.
        public func endpoint() throws(EngineError) -> Endpoint {
            let components = URLComponents(string: url)
            func invalid(_ why: String) -> EngineError {
                // A password in the URL is never repeated in the message (it ends up in logs).
                var shown = components
                if shown?.password != nil { shown?.password = "***" }
                let text = shown?.string ?? url
                return EngineError(.invalidConfiguration, message: "the PostgreSQL url \(text.debugDescription) \(why)")
            }
            guard let components, let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
                throw invalid("is not postgres://USER@HOST:PORT/DATABASE")
            }
            guard components.password == nil else { throw invalid("holds a password: give it in a password file or $PGPASSWORD instead") }
            guard let user = components.user, !user.isEmpty else { throw invalid("names no user") }
            guard let host = components.host, !host.isEmpty else { throw invalid("names no host") }
            let database = String(components.path.drop { $0 == "/" })
            guard !database.isEmpty, !database.contains("/") else { throw invalid("names no database") }
            guard components.query == nil, components.fragment == nil else { throw invalid("has options; use the configuration's fields") }
            let port = components.port ?? 5432
            guard (1...65_535).contains(port) else { throw invalid("has an invalid port") }
            guard poolSize >= 1 else { throw EngineError(.invalidConfiguration, message: "the PostgreSQL pool size must be at least 1") }
            return Endpoint(
                user: user.removingPercentEncoding ?? user,
                host: host,
                port: port,
                database: database.removingPercentEncoding ?? database
            )
        }

        /// The configuration of each connection: `synchronous_commit` is on for every session,
        /// whatever the server's default, so an acknowledged commit is on disk, and the server sends
        /// TCP keepalives on an idle connection (keeping it open through NATs and firewalls that drop
        /// silent flows, and letting the server end the sessions of an instance that vanished).
        /// `caFile` is read now (`trustRoots()`), so a bad one fails at start, not at the first
        /// connection.
        func connectionConfiguration() throws(EngineError) -> PostgresConnection.Configuration {
            let endpoint = try endpoint()
            let trustRoots = try trustRoots()
            let connectionTLS: PostgresConnection.Configuration.TLS
            switch tls {
            case .disable:
                connectionTLS = .disable
            case .require:
                var settings = TLSConfiguration.makeClientConfiguration()
                settings.certificateVerification = .none
                connectionTLS = .require(try Self.context(settings))
            case .verifyFull:
                var settings = TLSConfiguration.makeClientConfiguration()
                settings.certificateVerification = .fullVerification
                settings.trustRoots = trustRoots
                connectionTLS = .require(try Self.context(settings))
            }
            var configuration = PostgresConnection.Configuration(
                host: endpoint.host,
                port: endpoint.port,
                username: endpoint.user,
                password: password,
                database: endpoint.database,
                tls: connectionTLS
            )
            configuration.options.connectTimeout = TimeAmount(operationTimeout)
            configuration.options.additionalStartupParameters = [
                ("synchronous_commit", "on"), ("application_name", "chainmail"), ("TimeZone", "UTC"),
                ("tcp_keepalives_idle", "30"), ("tcp_keepalives_interval", "10"), ("tcp_keepalives_count", "3"),
            ]
            return configuration
        }

        private static func context(_ settings: TLSConfiguration) throws(EngineError) -> NIOSSLContext {
            do {
                return try NIOSSLContext(configuration: settings)
            } catch {
                throw EngineError(.invalidConfiguration, message: "the TLS settings cannot be used: \(error)")
            }
        }
    }
}
