import ByteEncoding
import Testing

@Suite("Base58: the Bitcoin alphabet, leading zero bytes as 1s")
struct Base58Tests {
    @Test("Base58 encodes known values, keeping leading zero bytes as 1s")
    func base58Known() throws {
        #expect(Base58.encode([UInt8]("Hello World!".utf8)) == "2NEpo7TZRRrLZSi2U")
        #expect(Base58.encode([0, 0, 0x28, 0x7f, 0xb4, 0xcd]) == "11233QC4")
        #expect(Base58.encode([UInt8]()) == "")
        #expect(Base58.encode([0]) == "1")
        #expect(Base58.decode("2NEpo7TZRRrLZSi2U") == [UInt8]("Hello World!".utf8))
        #expect(Base58.decode("11233QC4") == [0, 0, 0x28, 0x7f, 0xb4, 0xcd])
        #expect(Base58.decode("1") == [0])
    }

    @Test("Base58 round-trips random byte strings")
    func base58RoundTrip() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<80 {
            let leadingZeros = Int.random(in: length == 0 ? 1...3 : 0...3, using: &generator)
            let input = [UInt8](repeating: 0, count: leadingZeros) + (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = Base58.encode(input)
            #expect(Base58.decode(text) == input, "\(Hex.encode(input)) → \(text)")
        }
    }

    @Test(
        "Base58 refuses characters outside the alphabet, empty text and overlong text",
        arguments: ["", "0", "O", "I", "l", "abc+", "2NEpo7 TZ", "ü"]
    )
    func base58Refused(_ text: String) {
        #expect(Base58.decode(text) == nil)
    }

    @Test("Base58 refuses text over the length bound before decoding")
    func base58Bound() {
        let long = String(repeating: "z", count: Base58.defaultMaximumLength + 1)
        #expect(Base58.decode(long) == nil)
        #expect(Base58.decode(String(long.dropFirst())) != nil)
    }
}
