/// What the verifier accepts beyond what RFC 6376 requires. The defaults follow RFC 8301.
public struct DKIMPolicy: Sendable, Hashable {
    /// RSA keys below this many bits verify to `policy` at best (RFC 8301: 1024).
    public var minimumRSABits = 1024
    /// Whether `rsa-sha1` may pass (RFC 8301 forbids it).
    public var allowSHA1 = false
    /// Whether a signature whose `l=` leaves part of the body unsigned may pass.
    public var allowPartialBody = false
    /// Signatures evaluated per message; the rest are ignored, so a message cannot make the
    /// verifier do unbounded work.
    public var maximumSignatures = 16
    /// Header fields a message may hold for its signatures to be evaluated; above it every signature
    /// is a `permerror` (`too_many_headers`). RFC 5322 sets no limit; real mail holds a few dozen fields,
    /// mailing-list and forwarded mail a few hundred.
    public var maximumHeaderFields = 1000
    /// Entries an `h=` tag may hold; a longer list is a `permerror` (`h_tag_too_long`). RFC 6376 sets no
    /// limit; real signers list 10 to 40 names, and oversigning every field twice stays far below 256.
    public var maximumSignedHeaders = 256
    /// Seconds of clock difference tolerated for `t=` (future) and `x=` (expiry).
    public var clockSkew: Int64 = 300

    public init() {}
}
