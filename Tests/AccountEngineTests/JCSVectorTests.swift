import AccountEngine
import ChainSigner
import ChainmailTestSupport
import Foundation
import Testing

@Suite("RFC 8785 canonical JSON and txHash (vectors/jcs-txhash.json)")
struct JCSVectorTests {
    static let transactions: [JSONValue] = (try? TestVectors.load("jcs-txhash.json"))?["transactions"]?.array ?? []
    static let genericCases: [JSONValue] = (try? TestVectors.load("jcs-txhash.json"))?["genericJcs"]?["cases"]?.array ?? []

    @Test("the vector file holds the 12 transactions and 6 generic cases")
    func vectorCount() {
        #expect(Self.transactions.count == 12)
        #expect(Self.genericCases.count == 6)
    }

    @Test("each transaction canonicalises to its jcs text and hashes to its txHash", arguments: transactions)
    func transactionVector(_ vector: JSONValue) throws {
        let expectedText = try #require(vector["jcs"]?.string)
        let expectedHex = try #require(vector["jcsUtf8Hex"]?.string)
        let expectedHash = try #require(vector["txHash"]?.string)

        let fromInputText = try StrictJSONParser().parse(try #require(vector["inputText"]?.string))
        let fromValue = try #require(vector["transaction"])
        for value in [fromInputText, fromValue] {
            #expect(value.canonicalText == expectedText)
            #expect(value.canonicalBytes.hexString == expectedHex)
            #expect(value.canonicalSHA256.hexString == expectedHash)
        }
    }

    @Test("each transaction decodes, except the one whose identity normalisation must refuse", arguments: transactions)
    func transactionDecodes(_ vector: JSONValue) throws {
        let inputText = try #require(vector["inputText"]?.string)
        if vector["identityRefusedByNormalisation"]?.bool == true {
            let error = #expect(throws: EngineError.self) { try SignedTransaction(jsonText: inputText) }
            #expect(error?.code == "invalid_identity")
            // The hash is still defined over what was sent.
            #expect(try StrictJSONParser().parse(inputText).canonicalSHA256.hexString == vector["txHash"]?.string)
        } else {
            let signed = try SignedTransaction(jsonText: inputText)
            #expect(signed.txHashHex == vector["txHash"]?.string)
        }
    }

    @Test("the worked example of PROTOCOL.md section 3")
    func protocolExample() throws {
        let protocolText = try TestVectors.document("PROTOCOL.md")
        let transactionLine = try #require(protocolText.split(separator: "\n").first { $0.hasPrefix("transaction  ") })
        let jcsLine = try #require(protocolText.split(separator: "\n").first { $0.hasPrefix("JCS          ") })
        let hashLine = try #require(protocolText.split(separator: "\n").first { $0.hasPrefix("txHash       ") })
        let signed = try SignedTransaction(jsonText: String(transactionLine.dropFirst(13)))
        #expect(signed.sent.canonicalText == String(jcsLine.dropFirst(13)))
        #expect(signed.txHashHex == String(hashLine.dropFirst(13)))
        #expect(signed.txHashHex == "bf6baaf3357ea09424e02d48e70066b3b3c34783b5139310c9b7375f7a4dc8d6")
    }

    @Test("each published cyberphone case canonicalises to its expected bytes", arguments: genericCases)
    func genericVector(_ vector: JSONValue) throws {
        let value = try StrictJSONParser().parse(try #require(vector["inputText"]?.string))
        #expect(value.canonicalText == vector["expected"]?.string)
        #expect(value.canonicalBytes.hexString == vector["expectedUtf8Hex"]?.string)
    }
}
