extension Base64 {
    /// How a caller's base64 is read. Each preset is one caller's exact rule.
    public struct Options: Sendable, Equatable {
        public enum Alphabet: Sendable, Equatable {
            /// `A–Z a–z 0–9 + /` (RFC 4648 section 4).
            case standard
            /// `A–Z a–z 0–9 - _` (RFC 4648 section 5).
            case url
        }

        public enum Padding: Sendable, Equatable {
            /// `=` to a whole quantum of four, exactly as many as the last quantum needs.
            case required
            /// Either the right `=` or none.
            case optional
            /// No `=` at all.
            case forbidden
        }

        public var alphabet: Alphabet
        public var padding: Padding
        /// Whether spaces, tabs, CR and LF between characters are skipped (true) or refused (false).
        public var skipsWhitespace: Bool
        /// Whether the unused low bits of the last character must be zero, so every byte string has
        /// exactly one accepted text.
        public var requiresZeroTrailingBits: Bool

        public init(alphabet: Alphabet, padding: Padding, skipsWhitespace: Bool, requiresZeroTrailingBits: Bool) {
            self.alphabet = alphabet
            self.padding = padding
            self.skipsWhitespace = skipsWhitespace
            self.requiresZeroTrailingBits = requiresZeroTrailingBits
        }

        /// DKIM's `b=`, `bh=` and `p=` once folding white space is removed: standard alphabet, padding
        /// optional, no white space, trailing bits zero.
        public static let dkim = Options(alphabet: .standard, padding: .optional, skipsWhitespace: false, requiresZeroTrailingBits: true)
        /// A MIME body or encoded word (RFC 2045 section 6.8): white space skipped, padding optional,
        /// trailing bits ignored as RFC 2045 decoders do.
        public static let mime = Options(alphabet: .standard, padding: .optional, skipsWhitespace: true, requiresZeroTrailingBits: false)
        /// Strict standard base64 with padding (NEAR signatures): one text per byte string.
        public static let standardPadded = Options(
            alphabet: .standard,
            padding: .required,
            skipsWhitespace: false,
            requiresZeroTrailingBits: true
        )
        /// Strict base64url without padding (WebAuthn fields, JWT segments, JWK members).
        public static let urlUnpadded = Options(alphabet: .url, padding: .forbidden, skipsWhitespace: false, requiresZeroTrailingBits: true)
    }
}
