// Measures chainmail's DKIM verification rate on the corpus Benchmarks/dkim/make_corpus.py writes,
// with keys from its dns.txt held in memory (StaticKeyResolver): no DNS, no disk while timing.
//
// Usage: dkim-bench CORPUS_DIR [ROUNDS]
//
// Messages are verified one after another in one task, as the other implementations in
// Benchmarks/dkim/ do. Every message must pass, or the run fails: a failure path is not what is
// being measured. Prints one line `RESULT {json}` with the per-round rates in messages per
// second, by the wall clock and by the process's CPU time.
import DKIMVerifier
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct RateSummary: Encodable {
    let rounds: [Double]
    let best: Double
    let median: Double

    init(_ rates: [Double]) {
        let sorted = rates.sorted()
        let middle = sorted.count / 2
        rounds = rates.map(Self.tenths)
        best = Self.tenths(sorted.last ?? 0)
        median = Self.tenths(sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2)
    }

    private static func tenths(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}

struct BenchmarkResult: Encodable {
    let implementation: String
    let messages: Int
    let passed: Int
    let wall: RateSummary
    let cpu: RateSummary
}

func seconds(of clock: clockid_t) -> Double {
    var time = timespec()
    clock_gettime(clock, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("dkim-bench: \(message)\n".utf8))
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else { fail("usage: dkim-bench CORPUS_DIR [ROUNDS]") }
let corpus = URL(fileURLWithPath: arguments[1])
let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5

let messageDirectory = corpus.appendingPathComponent("messages")
let names = try FileManager.default.contentsOfDirectory(atPath: messageDirectory.path)
    .filter { $0.hasSuffix(".eml") }
    .sorted()
let messages: [[UInt8]] = try names.map { [UInt8](try Data(contentsOf: messageDirectory.appendingPathComponent($0))) }
guard !messages.isEmpty else { fail("no messages in \(messageDirectory.path)") }
let nowText = try String(contentsOf: corpus.appendingPathComponent("now"), encoding: .utf8)
guard let now = Int64(nowText.trimmingCharacters(in: .whitespacesAndNewlines)) else { fail("bad `now` file") }

let verifier = DKIMVerifier(resolver: try StaticKeyResolver(fakeDNSFile: corpus.appendingPathComponent("dns.txt").path))

var wallRates: [Double] = []
var cpuRates: [Double] = []
for _ in 0..<rounds {
    var passed = 0
    let wallStart = seconds(of: CLOCK_MONOTONIC)
    let cpuStart = seconds(of: CLOCK_PROCESS_CPUTIME_ID)
    for message in messages {
        let verdict = await verifier.verify(message: message, now: now)
        if verdict.result == .pass { passed += 1 }
    }
    let wall = seconds(of: CLOCK_MONOTONIC) - wallStart
    let cpu = seconds(of: CLOCK_PROCESS_CPUTIME_ID) - cpuStart
    guard passed == messages.count else { fail("only \(passed) of \(messages.count) messages passed") }
    wallRates.append(Double(messages.count) / wall)
    cpuRates.append(Double(messages.count) / cpu)
}

let result = BenchmarkResult(
    implementation: "chainmail DKIMVerifier (Swift, release)",
    messages: messages.count,
    passed: messages.count,
    wall: RateSummary(wallRates),
    cpu: RateSummary(cpuRates)
)
let encoder = JSONEncoder()
encoder.outputFormatting = .sortedKeys
print("RESULT " + String(decoding: try encoder.encode(result), as: UTF8.self))
