import ChainSigner
import Testing

/// Hex from a vector file, which must parse.
func bytes(_ hex: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
    try #require([UInt8](hex: hex), "not hex: \(hex)", sourceLocation: sourceLocation)
}
