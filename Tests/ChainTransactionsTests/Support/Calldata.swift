import ChainSigner

@testable import ChainTransactions

/// ABI calldata for the tests: a selector and 32-byte words.
enum Calldata {
    /// An address constant of a test; a malformed constant is a mistake in the test itself.
    static func address(_ text: String) -> EVMAddress {
        do {
            return try EVMAddress(text)
        } catch {
            preconditionFailure("test address \(text): \(error)")
        }
    }

    /// A word holding an address: 12 zero bytes and the address.
    static func word(_ address: String) -> [UInt8] {
        [UInt8](repeating: 0, count: 12) + Self.address(address).bytes
    }

    /// A word holding an amount written in decimal.
    static func word(amount: String) -> [UInt8] {
        do {
            return try UInt256(decimal: amount).bigEndianBytes
        } catch {
            preconditionFailure("test amount \(amount): \(error)")
        }
    }

    /// `0x`, the selector's hex and the words, as a transaction's `data` member.
    static func hex(_ selector: String, _ words: [UInt8]...) -> String {
        "0x" + selector + words.joined().hexString
    }
}
