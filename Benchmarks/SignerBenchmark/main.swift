// signer-bench: signatures per second and latency of the near-mpc signer (`NEARMPCSigner`) through
// the NEAR RPC and MPC stand-in (scripts/peers/near_rpc.py) with a simulated 1 s finality, at
// several concurrency levels in one run, next to the time the same signatures would take one after
// another. Usage: signer-bench [CONCURRENCY:COUNT ...] (default 1:16 8:64 32:128).
import Foundation

// The work runs in a nonisolated function, off the main actor, as a server's signing worker would.
let arguments = Array(CommandLine.arguments.dropFirst())
guard let levels = SignerBenchmarkLevel.parse(arguments) else {
    FileHandle.standardError.write(Data("usage: signer-bench [CONCURRENCY:COUNT ...] (default 1:16 8:64 32:128)\n".utf8))
    exit(2)
}
let passed = try await SignerBenchmark.run(levels: levels)
exit(passed ? 0 : 1)
