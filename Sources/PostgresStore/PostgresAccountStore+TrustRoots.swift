import AccountEngine
import ErrorCodes
import Foundation
import PostgresNIO

extension PostgresAccountStore.Configuration {
    /// Checks `caFile` without connecting: given only with `tls` `verify-full` (with `disable` or
    /// `require` nothing checks the server's certificate, so it would be silently ignored:
    /// `invalid_configuration`), and a readable PEM file of at least one certificate
    /// (`tls_ca_file_unreadable`). For `config check` and `store migrate`, before anything starts.
    public func checkCAFile() throws(EngineError) {
        _ = try trustRoots()
    }

    /// What `verify-full` trusts: the certificates of `caFile`, read now, or the system's trust
    /// roots without one. Throws as `checkCAFile()` says.
    func trustRoots() throws(EngineError) -> NIOSSLTrustRoots {
        guard let caFile else { return .default }
        guard tls == .verifyFull else {
            throw EngineError(
                .invalidConfiguration,
                message:
                    "a CA file (\(caFile)) is used only with tls verify-full: with tls \(tls.rawValue) the server's certificate is not checked, so it would be ignored"
            )
        }
        guard FileManager.default.isReadableFile(atPath: caFile) else {
            throw EngineError(.tlsCaFileUnreadable, message: "cannot read the CA file \(caFile)")
        }
        // NIOSSL reads the certificates up to the first block that is not one; none is an error.
        guard let certificates = try? NIOSSLCertificate.fromPEMFile(caFile), !certificates.isEmpty else {
            throw EngineError(.tlsCaFileUnreadable, message: "the CA file \(caFile) holds no PEM certificate")
        }
        return .certificates(certificates)
    }
}
