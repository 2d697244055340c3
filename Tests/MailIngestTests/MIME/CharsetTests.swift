import ChainmailTestSupport
import Foundation
import Testing

@testable import MailIngest

@Suite("Charsets")
struct CharsetTests {
    @Test("labels and aliases are case-insensitive; unknown labels are unsupported")
    func labels() {
        #expect(Charset(label: "UTF-8") == .utf8)
        #expect(Charset(label: "utf8") == .utf8)
        #expect(Charset(label: "US-ASCII") == .usASCII)
        #expect(Charset(label: "Latin1") == .isoLatin1)
        #expect(Charset(label: "ISO-8859-1") == .isoLatin1)
        #expect(Charset(label: "CP1252") == .windows1252)
        #expect(Charset(label: "koi8-r") == nil)
        #expect(Charset(label: "iso-8859-15") == nil)
        #expect(Charset(label: "utf-16") == nil)
    }

    @Test("UTF-8 is strict: invalid sequences are an error, never replaced; a BOM is dropped")
    func utf8() {
        #expect(Charset.utf8.decode([0x63, 0x61, 0x66, 0xC3, 0xA9]) == "café")
        #expect(Charset.utf8.decode([0xEF, 0xBB, 0xBF, 0x61]) == "a")
        #expect(Charset.utf8.decode([0x61, 0xE9, 0x62]) == nil)
        #expect(Charset.utf8.decode([0xC0, 0xAF]) == nil)
        #expect(Charset.utf8.decode([0xED, 0xA0, 0x80]) == nil)
        // us-ascii is read as its superset UTF-8.
        #expect(Charset.usASCII.decode([0xC3, 0xA9]) == "é")
        #expect(Charset.usASCII.decode([0xE9]) == nil)
    }

    @Test("ISO-8859-1 maps every byte to the code point of the same value")
    func latin1() {
        let text = Charset.isoLatin1.decode(Array(0...255) as [UInt8])
        #expect(text.map { Array($0.unicodeScalars.map(\.value)) } == Array(0...255).map(UInt32.init))
    }

    @Test("Windows-1252 agrees with Python's cp1252 codec on every byte, € at 0x80, undefined bytes refused")
    func windows1252MatchesPython() async throws {
        #expect(Charset.windows1252.decode([0x80, 0x20, 0x41, 0xE9]) == "€ Aé")
        let output = try await PeerProcess.check(["python3", PeerProcess.script("charset_table.py"), "cp1252"])
        let table = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [Any])
        #expect(table.count == 256)
        for (byte, entry) in table.enumerated() {
            let ours = Charset.windows1252.decode([UInt8(byte)]).map { $0.unicodeScalars.first!.value }
            let theirs = (entry as? Int).map(UInt32.init)
            #expect(ours == theirs, "byte \(byte)")
        }
    }
}
