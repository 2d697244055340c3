import ChainSigner
import Testing

@Suite("Hex and bech32")
struct EncodingTests {
    @Test("hex parses either case and writes lowercase")
    func hex() throws {
        #expect([UInt8](hex: "00ffAbcD") == [0x00, 0xff, 0xab, 0xcd])
        #expect([UInt8](hex: "") == [])
        #expect([0x00, 0xff, 0xab, 0xcd].hexString == "00ffabcd")
        #expect([UInt8]().hexString == "")
    }

    @Test("hex refuses odd lengths, prefixes, spaces and non-hex characters", arguments: ["0", "0x00", "00 ff", "zz", "0g", "é0"])
    func hexRefused(_ text: String) {
        #expect([UInt8](hex: text) == nil)
    }

    @Test(
        "bech32 accepts BIP-173's valid checksums",
        arguments: [
            "A12UEL5L", "a12uel5l",
            "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
            "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
            "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
            "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
            "?1ezyfcl",
        ]
    )
    func bech32Valid(_ text: String) throws {
        let (hrp, values) = try Bech32.decode(text)
        #expect(try Bech32.encode(humanReadablePart: hrp, values: values) == text.lowercased())
    }

    @Test(
        "bech32 refuses BIP-173's invalid strings",
        arguments: [
            "11" + String(repeating: "q", count: 88) + "c8247j",
            "\u{20}1nwldj5", "\u{7F}1axkwrx",
            "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
            "pzry9x0s0muk", "1pzry9x0s0muk", "x1b4n0q5v", "li1dgmt3", "A1G7SGD8", "10a06t8", "1qzzfhee",
            "a12UEL5L",
        ]
    )
    func bech32Invalid(_ text: String) {
        #expect(throws: ChainSignerError.self) { try Bech32.decode(text) }
    }

    @Test("SegWit v0 addresses of BIP-173 decode to their witness programs")
    func segwitAddresses() throws {
        let (version, program) = try Bech32.decodeSegwitAddress("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", humanReadablePart: "bc")
        #expect(version == 0)
        #expect(program.hexString == "751e76e8199196d454941c45d1b3a323f1433bd6")
        let p2wsh = "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7"
        let decoded = try Bech32.decodeSegwitAddress(p2wsh, humanReadablePart: "tb")
        #expect(decoded.witnessProgram.hexString == "1863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262")
        #expect(try Bech32.encodeSegwitAddress(humanReadablePart: "tb", witnessVersion: 0, witnessProgram: decoded.witnessProgram) == p2wsh)
    }

    @Test(
        "SegWit decoding refuses the wrong network, bad lengths and non-zero padding",
        arguments: [
            ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "tb"),
            ("bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du", "bc"),
            ("bc1rw5uspcuh", "bc"),
            ("BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", "bc"),
            ("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv", "tb"),
            ("bc1gmk9yu", "bc"),
            ("tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty", "bc"),
            ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "bc"),
            ("BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2", "bc"),
            ("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7", "tb"),
        ]
    )
    func segwitRefused(_ address: String, _ hrp: String) {
        #expect(throws: ChainSignerError.self) { try Bech32.decodeSegwitAddress(address, humanReadablePart: hrp) }
    }

    @Test("human-readable parts are checked before encoding")
    func humanReadablePart() {
        #expect(Bech32.isValidHumanReadablePart("bc"))
        #expect(Bech32.isValidHumanReadablePart("tb"))
        #expect(!Bech32.isValidHumanReadablePart(""))
        #expect(!Bech32.isValidHumanReadablePart("BC"))
        #expect(!Bech32.isValidHumanReadablePart("b c"))
        #expect(throws: ChainSignerError.self) { try Bech32.encode(humanReadablePart: "BC", values: [0]) }
    }
}
