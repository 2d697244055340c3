import Dispatch

/// A serial dispatch queue on which one session runs its blocking libetpan and OpenSSL calls,
/// bridged to async callers with a continuation, so they never occupy the Swift cooperative
/// pool and the C objects are touched by one thread at a time.
package final class BlockingLane: Sendable {
    private let queue: DispatchQueue

    package init(label: String) {
        queue = DispatchQueue(label: label, qos: .utility)
    }

    /// Runs `body` on the lane and returns its result; cancellation of the caller does not
    /// interrupt a call in progress (each call is bounded by socket timeouts instead).
    package func run<Result: Sendable, Failure: Error>(_ body: @escaping @Sendable () throws(Failure) -> Result) async throws(Failure) -> Result {
        let outcome: Swift.Result<Result, Failure> = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: Swift.Result { () throws(Failure) -> Result in try body() })
            }
        }
        return try outcome.get()
    }
}
