import ByteEncoding
import NEARClient
import Testing

/// `result` members as the RPC answers them; the shapes are docs.near.org's examples (api/rpc
/// access-keys, block-chunk, contracts, transactions) and nearcore's views (core/primitives/src/views.rs).
@Suite("NEAR RPC results: blocks, access keys, view calls, transaction outcomes")
struct ResultParsingTests {
    static func result(_ body: String) throws -> Any {
        try NEARRPCResponse.result(httpStatus: 200, body: Array(body.utf8))
    }

    @Test("a block gives its height and 32-byte hash")
    func block() throws {
        let body =
            #"{"jsonrpc":"2.0","result":{"author":"node1","chunks":[],"header":{"height":17821130,"epoch_id":"7Wr3GFJkYeCxjVGz3gDaxvAMUzXuzG8MjFXTFoAXB6ZZ","hash":"A5Hjx9wBJZhUWzEZXDM2DysjVVHyjK6Qp2YRzYFPGgfP","prev_hash":"38BUqQRAycmFQs9ngfkfu2CMtNLfYgUWYf7CzPm3j6nj"}},"id":"dontcare"}"#
        let block = try NEARRPCResponse.block(try Self.result(body))
        #expect(block.height == 17_821_130)
        #expect(Base58.encode(block.hash) == "A5Hjx9wBJZhUWzEZXDM2DysjVVHyjK6Qp2YRzYFPGgfP")
    }

    @Test("an access key gives its nonce and FullAccess or FunctionCall permission")
    func accessKey() throws {
        let functionCall =
            #"{"jsonrpc":"2.0","result":{"nonce":85,"permission":{"FunctionCall":{"allowance":"18501534631167209000000000","receiver_id":"client.chainlink.testnet","method_names":["get_token_price"]}},"block_height":19884918,"block_hash":"GGJQ8yjmo7aEoj8ZpAhGehnq9BSWFx4xswHYzDwwAP2n"},"id":"dontcare"}"#
        let key = try NEARRPCResponse.accessKey(try Self.result(functionCall))
        #expect(key.nonce == 85)
        #expect(key.permission == .functionCall(receiverId: "client.chainlink.testnet", methodNames: ["get_token_price"]))
        let publicKey = try NEARPublicKey("ed25519:H9k5eiU4xXS3M4z8HzKJSLaZdqGdGwBG49o7orNC4eZW")
        let refused = try #require(throws: NEARRPCError.self) {
            try key.requireFullAccess(account: "client.chainlink.testnet", publicKey: publicKey)
        }
        #expect(refused.code == .nearKeyNotAuthorised)

        let full =
            #"{"jsonrpc":"2.0","result":{"nonce":191807240000017,"permission":"FullAccess","block_height":1,"block_hash":"GGJQ8yjmo7aEoj8ZpAhGehnq9BSWFx4xswHYzDwwAP2n"},"id":"dontcare"}"#
        let fullKey = try NEARRPCResponse.accessKey(try Self.result(full))
        #expect(fullKey == NEARAccessKey(nonce: 191_807_240_000_017, permission: .fullAccess))
        try fullKey.requireFullAccess(account: "a.testnet", publicKey: publicKey)
    }

    @Test("an unknown key on an existing account is a normal result holding an error text: near_key_not_authorised")
    func unknownKeyInResult() throws {
        let body =
            #"{"jsonrpc":"2.0","result":{"block_hash":"GGJQ8yjmo7aEoj8ZpAhGehnq9BSWFx4xswHYzDwwAP2n","block_height":19884918,"error":"access key ed25519:H9k5eiU4xXS3M4z8HzKJSLaZdqGdGwBG49o7orNC4eZW does not exist while viewing","logs":[]},"id":"dontcare"}"#
        let error = try #require(throws: NEARRPCError.self) { try NEARRPCResponse.accessKey(try Self.result(body)) }
        #expect(error.code == .nearKeyNotAuthorised)
        #expect(!error.isTemporary)
    }

    @Test("a view call gives its result bytes")
    func callFunction() throws {
        let body =
            #"{"jsonrpc":"2.0","result":{"result":[34,111,107,34],"logs":[],"block_height":17817336,"block_hash":"4qkA4sUUG8opjH5Q9bL5mWJTnfR4ech879Db1BZXbx6P"},"id":"dontcare"}"#
        #expect(try NEARRPCResponse.callResult(try Self.result(body)) == Array(#""ok""#.utf8))
        let bad = #"{"jsonrpc":"2.0","result":{"result":[256],"logs":[]},"id":"dontcare"}"#
        #expect(throws: NEARRPCError.self) { try NEARRPCResponse.callResult(try Self.result(bad)) }
    }

    @Test("a SuccessValue outcome gives the decoded value and final_execution_status")
    func success() throws {
        let value = #"{"scheme":"Secp256k1","big_r":{"affine_point":"02"},"s":{"scalar":"01"},"recovery_id":0}"#
        let body =
            #"{"jsonrpc":"2.0","result":{"final_execution_status":"FINAL","status":{"SuccessValue":""#
            + Base64.encode(Array(value.utf8), .standardPadded)
            + #""},"transaction":{"signer_id":"chainmail.testnet","hash":"ASS7oYwGiem9HaNwJe6vS2kznx2CxueKDvU9BAYJRjNR"},"transaction_outcome":{},"receipts_outcome":[]},"id":"dontcare"}"#
        let outcome = try NEARRPCResponse.outcome(try Self.result(body))
        #expect(outcome.finalExecutionStatus == "FINAL")
        #expect(outcome.successValue == Array(value.utf8))
        #expect(outcome.transactionHash == "ASS7oYwGiem9HaNwJe6vS2kznx2CxueKDvU9BAYJRjNR")
    }

    @Test("a Failure status inside HTTP 200 is near_contract_failure with the failure's text")
    func failure() throws {
        let body =
            #"{"jsonrpc":"2.0","result":{"final_execution_status":"FINAL","status":{"Failure":{"ActionError":{"index":0,"kind":{"FunctionCallError":{"ExecutionError":"Smart contract panicked: Signature request has timed out."}}}}},"transaction":{"hash":"ASS7oYwGiem9HaNwJe6vS2kznx2CxueKDvU9BAYJRjNR"}},"id":"dontcare"}"#
        let error = try #require(throws: NEARRPCError.self) { try NEARRPCResponse.outcome(try Self.result(body)) }
        #expect(error.code == .nearContractFailure)
        #expect(error.message.contains("Signature request has timed out."))
        #expect(!error.isTemporary)
    }

    @Test("an outcome not yet executed (wait_until NONE) has no value")
    func pending() throws {
        let body = #"{"jsonrpc":"2.0","result":{"final_execution_status":"NONE"},"id":"dontcare"}"#
        let outcome = try NEARRPCResponse.outcome(try Self.result(body))
        #expect(outcome.finalExecutionStatus == "NONE")
        #expect(outcome.successValue == nil)
    }
}
