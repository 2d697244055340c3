import ByteEncoding
import Foundation
import Testing

@Suite("Base64: one decoder, each caller's rule")
struct Base64Tests {
    private func decode(_ text: String, _ options: Base64.Options) -> String? {
        Base64.decode(text, options).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("DKIM: padding optional, no white space, trailing bits zero, no dangling character")
    func dkim() {
        #expect(decode("YWJj", .dkim) == "abc")
        #expect(decode("YWI=", .dkim) == "ab")
        #expect(decode("YWI", .dkim) == "ab")
        #expect(decode("YQ==", .dkim) == "a")
        #expect(decode("YQ", .dkim) == "a")
        #expect(decode("", .dkim) == "")
        #expect(decode("YWJ=", .dkim) == nil)  // trailing bits set
        #expect(decode("YR==", .dkim) == nil)  // trailing bits set
        #expect(decode("Y", .dkim) == nil)
        #expect(decode("YWI==", .dkim) == nil)  // too much padding
        #expect(decode("YQ=", .dkim) == nil)  // too little padding
        #expect(decode("YQ===", .dkim) == nil)
        #expect(decode("YW I=", .dkim) == nil)
        #expect(decode("YW?j", .dkim) == nil)
        #expect(decode("YW-_", .dkim) == nil)
        #expect(decode("YQ==YWJj", .dkim) == nil)
        #expect(decode("====", .dkim) == nil)
    }

    @Test("MIME: white space skipped anywhere, padding optional, trailing bits ignored, nothing after padding")
    func mime() {
        #expect(decode("YW\r\nJj", .mime) == "abc")
        #expect(decode(" Y W I = ", .mime) == "ab")
        #expect(decode("YQ=\r\n=", .mime) == "a")
        #expect(decode("YWJ=", .mime) == "ab")  // RFC 2045 decoders ignore the unused bits
        #expect(decode("YQ", .mime) == "a")
        #expect(decode("YQ==YWJj", .mime) == nil)
        #expect(decode("YWJjY", .mime) == nil)
        #expect(decode("YWJj=", .mime) == nil)
        #expect(decode("YW.j", .mime) == nil)
        #expect(decode("YQ===", .mime) == nil)
    }

    @Test("standard padded: whole quanta only, exact padding, trailing bits zero")
    func standardPadded() {
        #expect(decode("YWI=", .standardPadded) == "ab")
        #expect(decode("YQ==", .standardPadded) == "a")
        #expect(decode("", .standardPadded) == "")
        #expect(decode("YWI", .standardPadded) == nil)
        #expect(decode("YQ", .standardPadded) == nil)
        #expect(decode("YQ=", .standardPadded) == nil)
        #expect(decode("YWJ=", .standardPadded) == nil)
        #expect(decode("YW-_", .standardPadded) == nil)
        #expect(decode("YWI=\n", .standardPadded) == nil)
    }

    @Test("url unpadded: the - _ alphabet, no = at all, trailing bits zero")
    func urlUnpadded() {
        #expect(Base64.decode("-_8", .urlUnpadded) == [0xFB, 0xFF])
        #expect(decode("YWI", .urlUnpadded) == "ab")
        #expect(decode("YWI=", .urlUnpadded) == nil)
        #expect(decode("+/8", .urlUnpadded) == nil)
        #expect(decode("YWJ", .urlUnpadded) == nil)
        #expect(decode("Y", .urlUnpadded) == nil)
        #expect(decode("YW I", .urlUnpadded) == nil)
    }

    @Test("non-ASCII bytes are refused by every rule")
    func nonASCII() {
        for options in [Base64.Options.dkim, .mime, .standardPadded, .urlUnpadded] {
            #expect(Base64.decode(bytes: [0x59, 0x51, 0xC3, 0xA9], options) == nil)
        }
    }

    @Test("encoding matches Foundation and decodes back under the strict rules, for every length up to 64")
    func roundTrip() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...64 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let standard = Base64.encode(bytes, .standardPadded)
            #expect(standard == Data(bytes).base64EncodedString())
            let url = Base64.encode(bytes, .urlUnpadded)
            let expectedURL = standard.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            #expect(url == expectedURL)
            #expect(Base64.decode(standard, .standardPadded) == bytes)
            #expect(Base64.decode(standard, .dkim) == bytes)
            #expect(Base64.decode(standard, .mime) == bytes)
            #expect(Base64.decode(url, .urlUnpadded) == bytes)
        }
    }
}
