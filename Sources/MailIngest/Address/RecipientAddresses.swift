import DKIMVerifier

/// The addresses a message's `To` and `Cc` fields name, normalised (PROTOCOL.md section 1), for the
/// rule that a mail must be addressed to the service (section 5).
///
/// Read leniently: a recipient list may hold groups, display names and addresses this service would
/// never accept as a sender; each angle address and each bare addr-spec that normalises is
/// collected, and anything else is passed over, because the rule only asks whether the service's
/// own address is among them.
public enum RecipientAddresses {
    public static func addresses(in message: ParsedMessage) -> [String] {
        var found: [String] = []
        for name in ["to", "cc"] {
            for field in message.fields(named: name) {
                found += addresses(fieldValue: HeaderValue.unfolded(field, in: message))
            }
        }
        return found
    }

    /// Whether `message`'s To or Cc names `address` (compared after normalisation).
    public static func message(_ message: ParsedMessage, isAddressedTo address: String) -> Bool {
        guard case .success(let wanted) = EmailAddress.normalize(address) else { return false }
        return addresses(in: message).contains(wanted)
    }

    static func addresses(fieldValue: [UInt8]) -> [String] {
        guard case .success(let tokens) = AddressTokenizer.tokens(fieldValue) else { return [] }
        var found: [String] = []
        var current: [UInt8] = []
        var insideAngle = false
        func flush() {
            if case .success(let address) = EmailAddress.normalize(String(decoding: current, as: UTF8.self)) { found.append(address) }
            current = []
        }
        for token in tokens {
            switch token.kind {
            case .special(0x3C):
                current = []
                insideAngle = true
            case .special(0x3E):
                flush()
                insideAngle = false
            case .special(0x2C), .special(0x3A), .special(0x3B):
                if !insideAngle { flush() }
            case .atom, .special(0x2E), .special(0x40):
                if token.spaceBefore && !insideAngle { current = [] }
                current += token.bytes
            case .quotedString, .special:
                current = []
            }
        }
        flush()
        return found
    }
}
