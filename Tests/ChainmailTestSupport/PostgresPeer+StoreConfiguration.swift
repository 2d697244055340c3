import Foundation
import PostgresStore

extension PostgresPeer.Database {
    /// The store configuration for this database: plain TCP to the local cluster, the password
    /// read from its file as chainmail reads it.
    public func storeConfiguration(poolSize: Int = 8, timeout: Duration = .seconds(20)) throws -> PostgresAccountStore.Configuration {
        let password = try String(contentsOfFile: passwordFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return PostgresAccountStore.Configuration(url: url, password: password, tls: .disable, poolSize: poolSize, operationTimeout: timeout)
    }
}
