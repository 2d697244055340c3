import Foundation
import PostgresStore

extension PostgresPeer.Database {
    /// The store configuration for this database: plain TCP to the local cluster, the password
    /// read from its file as chainmail reads it. The default deadline is a minute: in `make test`'s
    /// first batch the cluster's backends share two cores with every suite running at once, and a
    /// store's first calls (its migrations on a new database) once took over 20 s there. Tests of
    /// the deadline itself give their own.
    public func storeConfiguration(poolSize: Int = 8, timeout: Duration = .seconds(60)) throws -> PostgresAccountStore.Configuration {
        try PostgresAccountStore.Configuration(url: url, password: password(), tls: .disable, poolSize: poolSize, operationTimeout: timeout)
    }
}
