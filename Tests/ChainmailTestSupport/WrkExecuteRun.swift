import AccountEngine
import Foundation

/// One run of wrk with Benchmarks/http/execute.lua against POST /v1/execute of `baseURL`: every
/// line of a bodies file (one request body a line, see BenchmarkExecution) sent exactly once,
/// after which the script ends wrk. Its summary line, and wrk's latency histogram when asked.
public struct WrkExecuteRun: Sendable {
    /// Executions answered (health checks apart).
    public let requests: Int
    /// GET /healthz sent by connections that found no body left (counted in the latencies).
    public let healthChecks: Int
    public let seconds: Double
    public let rate: Double
    public let non2xx: Int
    public let socketErrors: Int
    /// wrk's own percentiles, milliseconds.
    public let p50: Double
    public let p99: Double
    /// The script's JSON summary line, for messages.
    public let summary: String
    public let histogram: LatencyHistogram?

    public static func run(
        bodies: URL,
        baseURL: String,
        connections: Int,
        threads: Int = 1,
        recordHistogram: Bool = false
    ) async throws -> WrkExecuteRun {
        var environment = ProcessInfo.processInfo.environment
        environment["BODIES"] = bodies.path
        environment["THREADS"] = String(threads)
        let histogramFile = bodies.path + ".histogram"
        if recordHistogram { environment["LATENCY_HISTOGRAM"] = histogramFile }
        // wrk ends its run early only on SIGINT (execute.lua sends it once every body is answered),
        // but a process started from here inherits a mask blocking every signal: exec wrk with
        // an empty one.
        let unblockAndExec = "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execv(sys.argv[1], sys.argv[1:])"
        let result = try await ProcessRunner.run(
            "/usr/bin/python3",
            [
                "-c", unblockAndExec, "/usr/bin/wrk",
                "-t", String(threads), "-c", String(connections), "-d", "300s", "--timeout", "10s",
                "-s", PackagePaths.root.appendingPathComponent("Benchmarks/http/execute.lua").path, baseURL,
            ],
            environment: environment,
            timeLimit: .seconds(330)
        )
        let output = String(decoding: result.stdout, as: UTF8.self)
        guard result.status == 0, let line = output.split(separator: "\n").last(where: { $0.hasPrefix("{") }) else {
            throw PeerProcess.Failure(description: "wrk failed: \(output) \(String(decoding: result.stderr, as: UTF8.self))")
        }
        let json = try StrictJSONParser().parse(String(line))
        func number(_ key: String) -> Double {
            if case .number(let value)? = json[key] { return value.value }
            return .nan
        }
        let histogram = recordHistogram ? LatencyHistogram(text: try String(contentsOfFile: histogramFile, encoding: .utf8)) : nil
        return WrkExecuteRun(
            requests: Int(number("requests")),
            healthChecks: Int(number("healthChecks")),
            seconds: number("seconds"),
            rate: number("rps"),
            non2xx: Int(number("non2xx")),
            socketErrors: Int(number("socketErrors")),
            p50: number("p50ms"),
            p99: number("p99ms"),
            summary: String(line),
            histogram: histogram
        )
    }
}
