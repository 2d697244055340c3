import Testing

@testable import MailIngest

@Suite("Transaction block in the text")
struct TransactionBlockTests {
    private let begin = "-----BEGIN CHAINMAIL TRANSACTION-----"
    private let end = "-----END CHAINMAIL TRANSACTION-----"
    private let transaction = #"{"accountId":"alice","nonce":0,"actions":[{"type":"DeleteAccount"}]}"#
    private let target = #"{"type":"PubKey","value":"evm:0x5b38da6a701c568545dcfcb03fcb875f56beddc4"}"#

    private func find(_ lines: [String], separator: String = "\n") -> Result<TransactionBlock?, MailParseError> {
        TransactionBlock.find(in: lines.joined(separator: separator))
    }

    @Test("a block between BEGIN and END lines, LF or CRLF, without auth-target")
    func plainBlock() throws {
        for separator in ["\n", "\r\n"] {
            let block = try #require(try find(["Please run this:", begin, transaction, end, "Thanks"], separator: separator).get())
            #expect(block == TransactionBlock(transactionJSON: transaction, authTargetJSON: nil))
        }
    }

    @Test("JSON in any formatting is returned as written, lines joined with LF")
    func prettyJSON() throws {
        let lines = ["{", #"  "accountId": "alice","#, #"  "nonce": 0,"#, #"  "actions": []"#, "}"]
        let block = try #require(try find(["  \(begin)  "] + lines + ["\t\(end)"], separator: "\r\n").get())
        #expect(block.transactionJSON == lines.joined(separator: "\n"))
    }

    @Test("marker lines are compared after trimming, non-breaking spaces included, and case-sensitively")
    func markerTrimming() throws {
        #expect(try find(["\u{00A0}\(begin)\u{00A0}", transaction, " \(end) "]).get()?.transactionJSON == transaction)
        #expect(try find([begin.lowercased(), transaction, end.lowercased()]).get() == nil)
        #expect(try find(["x" + begin, transaction, end + "x"]).get() == nil)
    }

    @Test("auth-target on the line immediately before BEGIN is honoured, key case-insensitive")
    func authTarget() throws {
        let block = try #require(try find(["Hello", "auth-target: \(target)", begin, transaction, end]).get())
        #expect(block.authTargetJSON == target)
        #expect(try find(["  AUTH-TARGET:\(target)  ", begin, transaction, end]).get()?.authTargetJSON == target)
    }

    @Test("a misplaced or malformed auth-target is refused, not ignored")
    func misplacedAuthTarget() {
        let cases: [[String]] = [
            ["auth-target: \(target)", "", begin, transaction, end],
            ["auth-target: \(target)", "please", begin, transaction, end],
            [begin, transaction, end, "auth-target: \(target)"],
            ["auth-target: \(target)"],
            ["auth-target: not json", begin, transaction, end],
            ["auth-target: [1,2]", begin, transaction, end],
            ["auth-target:", begin, transaction, end],
            ["auth-target: \(target)", "auth-target: \(target)", begin, transaction, end],
        ]
        for lines in cases {
            #expect(error(of: find(lines))?.code.name == "auth_target_invalid", "\(lines)")
        }
    }

    @Test("no block gives nil")
    func noBlock() throws {
        #expect(try find(["Just approve the prepared transaction, thanks."]).get() == nil)
        #expect(try TransactionBlock.find(in: "").get() == nil)
    }

    @Test("two blocks are refused")
    func twoBlocks() {
        #expect(error(of: find([begin, transaction, end, "and", begin, transaction, end]))?.code.name == "transaction_block_multiple")
    }

    @Test("unterminated or unbalanced blocks are refused")
    func unterminated() {
        #expect(error(of: find([begin, transaction]))?.code.name == "transaction_block_unterminated")
        #expect(error(of: find([transaction, end]))?.code.name == "transaction_block_unterminated")
        #expect(error(of: find([begin, transaction, begin, transaction, end]))?.code.name == "transaction_block_unterminated")
        #expect(error(of: find([begin, transaction, "> \(end)"]))?.code.name == "transaction_block_unterminated")
    }

    @Test("an empty block is refused")
    func emptyBlock() {
        #expect(error(of: find([begin, "   ", "", end]))?.code.name == "transaction_block_empty")
        #expect(error(of: find([begin, end]))?.code.name == "transaction_block_empty")
    }

    @Test("a block in quoted reply text is ignored; the sender's own block is taken")
    func quotedReplies() throws {
        let quoted = ["On Monday, chainmail wrote:", "> auth-target: \(target)", "> \(begin)", "> \(transaction)", "> \(end)"]
        #expect(try find(["Approved."] + quoted).get() == nil)
        #expect(try find([">> \(begin)", ">> \(transaction)", ">> \(end)"]).get() == nil)
        let own = #"{"accountId":"bob","nonce":3,"actions":[{"type":"DeleteAccount"}]}"#
        let block = try #require(try find([begin, own, end, ""] + quoted).get())
        #expect(block == TransactionBlock(transactionJSON: own, authTargetJSON: nil))
    }
}
