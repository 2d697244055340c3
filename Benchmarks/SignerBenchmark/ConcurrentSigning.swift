import ChainSigner
import NEARMPCSigner

/// Runs a level's signatures: `concurrency` requests in flight, a new one started as soon as one
/// ends, each request timed from its call to its answer.
struct ConcurrentSigning {
    struct Signed: Sendable {
        var payload: [UInt8]
        var signature: DerivedSignature
        var latency: Duration
    }

    var signer: NEARMPCSigner
    var level: SignerBenchmarkLevel
    /// Distinguishes the derivation paths of this level from the others'.
    var pathPrefix: String

    /// The signatures in the order they ended, and the wall-clock time of the whole level.
    func run() async throws -> (signed: [Signed], elapsed: Duration) {
        let clock = ContinuousClock()
        let started = clock.now
        let signed = try await withThrowingTaskGroup(of: Signed.self) { group in
            var next = 0
            func startOne() {
                let (signer, path, payload) = (signer, "\(pathPrefix),\(next)", Self.payload())
                next += 1
                group.addTask {
                    let start = clock.now
                    let signature = try await signer.sign(payload: payload, derivationPath: path)
                    return Signed(payload: payload, signature: signature, latency: clock.now - start)
                }
            }
            while next < min(level.concurrency, level.count) { startOne() }
            var signed: [Signed] = []
            for try await one in group {
                signed.append(one)
                if next < level.count { startOne() }
            }
            return signed
        }
        return (signed, clock.now - started)
    }

    /// 32 random bytes below the secp256k1 order n (the top bit cleared).
    static func payload() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[0] &= 0x7f
        return bytes
    }
}
