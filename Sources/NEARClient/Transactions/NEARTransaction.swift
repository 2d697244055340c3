import ByteEncoding
import Crypto

/// A NEAR transaction (version 0, `Transaction::V0`), before it is signed.
public struct NEARTransaction: Sendable, Hashable {
    /// The account that signs and pays.
    public var signerId: String
    /// The signer's access key that signs it.
    public var publicKey: NEARPublicKey
    /// Above the access key's current nonce; each transaction uses a new one.
    public var nonce: UInt64
    /// The account whose contract is called, or that receives a transfer.
    public var receiverId: String
    /// The hash of a recent block (the transaction expires some blocks after it).
    public var blockHash: [UInt8]
    /// One or more actions, run in order.
    public var actions: [NEARAction]

    /// A transaction; `blockHash` must be 32 bytes and `actions` not empty.
    public init(
        signerId: String,
        publicKey: NEARPublicKey,
        nonce: UInt64,
        receiverId: String,
        blockHash: [UInt8],
        actions: [NEARAction]
    ) throws(NEARRPCError) {
        guard blockHash.count == 32 else { throw .transactionInvalid("a block hash has 32 bytes, not \(blockHash.count)") }
        guard !actions.isEmpty else { throw .transactionInvalid("a transaction has at least one action") }
        self.signerId = signerId
        self.publicKey = publicKey
        self.nonce = nonce
        self.receiverId = receiverId
        self.blockHash = blockHash
        self.actions = actions
    }

    /// The borsh bytes that are hashed and signed.
    public var borsh: [UInt8] {
        var writer = BorshWriter()
        write(to: &writer)
        return writer.bytes
    }

    /// SHA-256 of the borsh bytes: what the key signs, and the transaction's id on NEAR.
    public var hash: [UInt8] { Array(SHA256.hash(data: borsh)) }

    /// Signs the hash with `keyPair`, which must hold `publicKey`.
    public func signed(with keyPair: NEARKeyPair) throws(NEARRPCError) -> NEARSignedTransaction {
        guard keyPair.publicKey == publicKey else {
            throw .keyNotAuthorised("the transaction names key \(publicKey), the key pair holds \(keyPair.publicKey)")
        }
        return NEARSignedTransaction(transaction: self, signature: try keyPair.sign(hash))
    }

    package func write(to writer: inout BorshWriter) {
        writer.write(signerId)
        publicKey.write(to: &writer)
        writer.write(nonce)
        writer.write(receiverId)
        writer.write(fixed: blockHash)
        writer.write(actions) { writer, action in action.write(to: &writer) }
    }
}
