/// A Bitcoin network a `BitcoinTransaction` names (PROTOCOL.md 8.2): its address prefixes and its name in
/// an approval.
public enum BitcoinNetwork: String, CaseIterable, Sendable, Hashable {
    case bitcoin
    case testnet
    case signet
    case regtest

    /// The bech32 human-readable part of its SegWit addresses.
    public var bech32Prefix: String {
        switch self {
        case .bitcoin: "bc"
        case .testnet, .signet: "tb"
        case .regtest: "bcrt"
        }
    }

    /// How an approval names it.
    public var displayName: String {
        switch self {
        case .bitcoin: "Bitcoin"
        case .testnet: "Bitcoin testnet"
        case .signet: "Bitcoin signet"
        case .regtest: "Bitcoin regtest"
        }
    }

    /// The base58check version byte of its P2PKH addresses.
    var p2pkhVersion: UInt8 { self == .bitcoin ? 0x00 : 0x6f }

    /// The base58check version byte of its P2SH addresses.
    var p2shVersion: UInt8 { self == .bitcoin ? 0x05 : 0xc4 }
}
