import Foundation

/// The CPU time the calling thread spends in `work` (CLOCK_THREAD_CPUTIME_ID), for bounds on the work an
/// input costs: wall time would also count the waits of a machine shared with hundreds of parallel tests
/// and their peers.
public func threadCPUTime(_ work: () -> Void) -> Duration {
    let start = threadCPUClock()
    work()
    return threadCPUClock() - start
}

/// The CPU bound of the hostile inputs of a megabyte or more that a debug build reads in most of a second
/// (a 200,000-tag DKIM tag list, 1 MB From and Subject values, 200,000 near-delimiter MIME lines): on a slow
/// day in `make test`'s busiest batch one took 1.09 s, over the 1 s the smaller inputs keep. A reading
/// quadratic in such an input would take hours, so 4 s still tells the two apart with room.
public let largeInputCPUBound = Duration.seconds(4)

/// The same for asynchronous work that stays on the caller's thread (`nonisolated(nonsending)` calls that
/// never suspend, such as the DKIM verifier with a static resolver).
nonisolated(nonsending) public func threadCPUTime(_ work: nonisolated(nonsending) () async -> Void) async -> Duration {
    let start = threadCPUClock()
    await work()
    return threadCPUClock() - start
}

private func threadCPUClock() -> Duration {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
}
