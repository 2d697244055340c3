import Foundation

/// A NEAR account's key, as NEAR CLI keeps it in `~/.near-credentials/<network>/<account>.json`:
/// `{"account_id","public_key":"ed25519:<base58 32>","private_key":"ed25519:<base58 64>"}`.
public struct NEARCredentials: Sendable {
    /// The account the key belongs to.
    public let accountId: String
    /// The key pair, its public half checked against the file's `public_key`.
    public let keyPair: NEARKeyPair

    public init(accountId: String, keyPair: NEARKeyPair) {
        self.accountId = accountId
        self.keyPair = keyPair
    }

    private struct File: Decodable {
        var account_id: String
        var public_key: String?
        var private_key: String?
        var secret_key: String?
    }

    /// Reads the credentials JSON. `private_key` (or `secret_key`, as some tools write it) is
    /// required; `public_key`, when present, must be the private key's.
    public init(json: [UInt8]) throws(NEARRPCError) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: Data(json))
        } catch {
            throw .keyFileInvalid("not NEAR CLI credentials JSON {\"account_id\",\"public_key\",\"private_key\"}: \(error)")
        }
        guard !file.account_id.isEmpty else { throw .keyFileInvalid("account_id is empty") }
        guard let secret = file.private_key ?? file.secret_key else { throw .keyFileInvalid("private_key is missing") }
        let keyPair = try NEARKeyPair(secretKey: secret)
        if let publicText = file.public_key {
            let publicKey = try NEARPublicKey(publicText)
            guard publicKey == keyPair.publicKey else {
                throw .keyFileInvalid("public_key \(publicKey) is not the public key of private_key (\(keyPair.publicKey))")
            }
        }
        self.init(accountId: file.account_id, keyPair: keyPair)
    }

    /// Reads a credentials file.
    public init(contentsOf url: URL) throws(NEARRPCError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .keyFileInvalid("cannot read the NEAR key file \(url.path): \(error.localizedDescription)")
        }
        try self.init(json: Array(data))
    }
}
