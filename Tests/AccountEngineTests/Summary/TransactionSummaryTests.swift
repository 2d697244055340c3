import AccountEngine
import ChainTransactions
import ChainmailTestSupport
import Testing

/// PROTOCOL.md section 8.3 for the whole transaction: each action's lines, numbered when there are
/// several, and no client text that can disguise itself or be cut without saying so.
@Suite("the approval's words of a whole transaction")
struct TransactionSummaryTests {
    private func lines(_ actions: [String]) throws -> [String] {
        let signed = try SignedTransaction(jsonText: TransactionText.make("alice", nonce: 0, actions))
        return TransactionSummary.lines(for: signed.transaction, chains: .builtIn)
    }

    @Test("a CallChainSig is called a blind signature; several actions are numbered, their further lines indented")
    func blindAndNumbered() throws {
        let summary = try lines([TransactionText.callChainSig(), TransactionText.deleteAccount])
        #expect(summary.count == 3)
        #expect(summary[0].hasPrefix("1. Sign payload 0x\(TransactionText.payload) on path \"ethereum,1\" with key version 0."))
        #expect(summary[1] == "   This is a blind signature: chainmail cannot tell what the payload authorises.")
        #expect(summary[2] == "2. Delete the account.")
    }

    @Test("a path with U+202E, a zero-width space and a line break is shown escaped, not obeyed")
    func invisiblesEscaped() throws {
        let summary = try lines([TransactionText.callChainSig(path: #"ethereum,1\u202Egnp.exe\u200B\n-----BEGIN"#)])
        let first = try #require(summary.first)
        #expect(first.contains(#"ethereum,1\u{202E}gnp.exe\u{200B}\u{000A}-----BEGIN"#), "\(first)")
        #expect(!first.unicodeScalars.contains { $0.value == 0x202E || $0.value == 0x200B || $0.value == 0x0A })
    }

    @Test("a path of 512 bytes, the longest allowed, is shown whole (it was cut at 200 characters before)")
    func longestPathWhole() throws {
        let path = String(repeating: "a", count: 511) + "z"
        let summary = try lines([TransactionText.callChainSig(path: path)])
        let first = try #require(summary.first)
        #expect(first.contains("\"\(path)\""), "\(first)")
        #expect(!first.contains("cut"))
    }
}
