import ByteEncoding
import Crypto
import Foundation
import NEARClient
import Testing

@Suite("NEAR transactions: borsh bytes, hash and signature, checked by borsh-construct and PyNaCl")
struct TransactionBorshTests {
    static let keyPair = try! NEARKeyPair(seed: Array(SHA256.hash(data: Array("near-client-tests".utf8))))

    /// The MPC `sign` call of docs/PROTOCOL.md section 6, then a second call and a transfer.
    static func transaction(nonce: UInt64 = 1_234_567_890_123, deposit: YoctoNEAR = .one) throws -> NEARTransaction {
        let args = #"{"request":{"path":"email/alice@example.com,ethereum,1","payload_v2":{"Ecdsa":"00ff"},"domain_id":0}}"#
        return try NEARTransaction(
            signerId: "chainmail.testnet",
            publicKey: keyPair.publicKey,
            nonce: nonce,
            receiverId: "v1.signer-prod.testnet",
            blockHash: Array(SHA256.hash(data: Array("block".utf8))),
            actions: [
                .functionCall(methodName: "sign", args: Array(args.utf8), gas: 300_000_000_000_000, deposit: deposit),
                .functionCall(methodName: "version_é", args: [], gas: 10_000_000_000_000, deposit: .zero),
                .transfer(deposit: YoctoNEAR(high: 0x0123_4567_89ab_cdef, low: 0xfedc_ba98_7654_3210)),
            ]
        )
    }

    @Test("the borsh bytes and hash equal borsh-construct's for the same transaction")
    func borshMatchesPeer() async throws {
        for transaction in [try Self.transaction(), try Self.transaction(nonce: .max, deposit: YoctoNEAR(high: .max, low: .max))] {
            let peer = try await NEARBorshPeer.run(transaction)
            #expect(Hex.encode(transaction.borsh) == peer.borsh)
            #expect(Base58.encode(transaction.hash) == peer.hash)
        }
    }

    @Test("a signed transaction parses back to the same transaction, and PyNaCl verifies its signature over the hash")
    func signatureVerifiedByPeer() async throws {
        let transaction = try Self.transaction()
        let signed = try transaction.signed(with: Self.keyPair)
        #expect(signed.signature.count == 64)
        #expect(signed.borsh == transaction.borsh + [0] + signed.signature)
        let peer = try await NEARBorshPeer.run(transaction, signed: signed)
        #expect(peer.signedTransactionMatches == true)
        #expect(peer.signatureValid == true)
        #expect(peer.signedHash == signed.hashBase58)

        var forged = signed.signature
        forged[0] ^= 1
        let refused = try await NEARBorshPeer.run(transaction, signed: NEARSignedTransaction(transaction: transaction, signature: forged))
        #expect(refused.signatureValid == false)
    }

    @Test("function calls are borsh variant 2 and transfers variant 3, with u128 deposits little-endian")
    func actionLayout() {
        var writer = BorshWriter()
        NEARAction.functionCall(methodName: "m", args: [0xAA], gas: 0x0102, deposit: YoctoNEAR(high: 1, low: 2)).write(to: &writer)
        #expect(
            Hex.encode(writer.bytes)
                == "02" + "01000000" + "6d" + "01000000" + "aa" + "0201000000000000" + "0200000000000000" + "0100000000000000"
        )
        var transfer = BorshWriter()
        NEARAction.transfer(deposit: .one).write(to: &transfer)
        #expect(Hex.encode(transfer.bytes) == "03" + "01" + String(repeating: "00", count: 15))
    }

    @Test("a transaction needs a 32-byte block hash and at least one action")
    func refusedShapes() throws {
        #expect(throws: NEARRPCError.self) {
            try NEARTransaction(
                signerId: "a.testnet",
                publicKey: Self.keyPair.publicKey,
                nonce: 1,
                receiverId: "b.testnet",
                blockHash: [0],
                actions: [.transfer(deposit: .one)]
            )
        }
        #expect(throws: NEARRPCError.self) {
            try NEARTransaction(
                signerId: "a.testnet",
                publicKey: Self.keyPair.publicKey,
                nonce: 1,
                receiverId: "b.testnet",
                blockHash: [UInt8](repeating: 0, count: 32),
                actions: []
            )
        }
    }

    @Test("a key pair signs only a transaction that names its public key")
    func signerMustMatch() throws {
        let other = try NEARKeyPair(seed: [UInt8](repeating: 7, count: 32))
        let error = try #require(throws: NEARRPCError.self) { try Self.transaction().signed(with: other) }
        #expect(error.code == .nearKeyNotAuthorised)
    }

    @Test("yoctoNEAR amounts print in decimal across both halves")
    func yoctoDecimal() {
        #expect(YoctoNEAR.zero.description == "0")
        #expect(YoctoNEAR(1_000_000).description == "1000000")
        #expect(YoctoNEAR(high: 1, low: 0).description == "18446744073709551616")
        #expect(YoctoNEAR(high: .max, low: .max).description == "340282366920938463463374607431768211455")
    }
}
