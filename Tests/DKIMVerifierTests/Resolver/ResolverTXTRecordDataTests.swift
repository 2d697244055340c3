import DKIMVerifier
import Testing

@Suite("Resolver: TXT record data")
struct ResolverTXTRecordDataTests {
    @Test("joins character-strings without separators")
    func joins() {
        let rdata: [UInt8] = [3] + Array("v=D".utf8) + [0] + [5] + Array("KIM1;".utf8)
        #expect(TXTRecordData.joinedText(rdata) == "v=DKIM1;")
    }

    @Test("reads an empty rdata and an empty string as empty text")
    func empty() {
        #expect(TXTRecordData.joinedText([UInt8]()) == "")
        #expect(TXTRecordData.joinedText([0]) == "")
    }

    @Test("refuses a length that runs past the end")
    func refusesOverrun() {
        #expect(TXTRecordData.joinedText([4] + Array("abc".utf8)) == nil)
        #expect(TXTRecordData.joinedText([1, 0x61, 2, 0x62]) == nil)
    }

    @Test("replaces bytes that are not UTF-8")
    func replacesInvalidUTF8() {
        #expect(TXTRecordData.joinedText([3, 0x61, 0xFF, 0x62]) == "a\u{FFFD}b")
    }
}
