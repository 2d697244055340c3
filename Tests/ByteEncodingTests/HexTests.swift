import ByteEncoding
import Testing

@Suite("Hex: lower case out, either case in")
struct HexTests {
    @Test("encodes every byte as two lower-case digits")
    func encode() {
        #expect(Hex.encode([0x00, 0x0F, 0xA0, 0xFF]) == "000fa0ff")
        #expect(Hex.encode([UInt8]()) == "")
        #expect(Hex.encode((0...255).map(UInt8.init)).utf8.count == 512)
    }

    @Test("decodes upper and lower case, refuses odd lengths, prefixes and other characters")
    func decode() {
        #expect(Hex.decode("000fA0Ff") == [0x00, 0x0F, 0xA0, 0xFF])
        #expect(Hex.decode("") == [])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("0x00") == nil)
        #expect(Hex.decode("0g") == nil)
        #expect(Hex.decode("00 11") == nil)
    }

    @Test("every byte round-trips")
    func roundTrip() {
        let bytes = (0...255).map(UInt8.init)
        #expect(Hex.decode(Hex.encode(bytes)) == bytes)
        #expect(Hex.decode(Hex.encode(bytes).uppercased()) == bytes)
    }

    @Test("a digit's value, either case; nil for anything else")
    func digitValue() {
        #expect(Hex.digitValue(UInt8(ascii: "7")) == 7)
        #expect(Hex.digitValue(UInt8(ascii: "c")) == 12)
        #expect(Hex.digitValue(UInt8(ascii: "C")) == 12)
        #expect(Hex.digitValue(UInt8(ascii: "g")) == nil)
        #expect(Hex.digitValue(UInt8(ascii: "/")) == nil)
        #expect(Hex.digitValue(UInt8(ascii: ":")) == nil)
    }
}
