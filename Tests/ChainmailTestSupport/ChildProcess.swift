import CChildProcess
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A program the tests start (a peer, a signer, `chainmail` itself), spawned with `posix_spawn` and
/// reaped by this owner with `waitpid`.
///
/// Foundation's `Process` is not used: it learns of an exit through a socket the child inherits and
/// one manager thread that blocks in `waitpid` for each child in turn, so one child that closes or
/// passes on that socket delays or loses the exit of every other, and a test waiting for it hangs.
/// Here the child gets its three standard streams and nothing else (every other descriptor is
/// closed in the child before `exec`), default signal handling and an empty signal mask, and every
/// wait has a time limit.
public final class ChildProcess: @unchecked Sendable {
    /// What the child reads as its standard input.
    public enum Input: Sendable {
        /// `/dev/null`.
        case nullDevice
        /// A pipe whose write end stays with the owner (`inputDescriptor`) until `closeInput()`.
        case pipe
    }

    /// Where the child's standard output or error goes.
    public enum Output: Sendable {
        case nullDevice
        /// A pipe whose read end the owner reads (`outputDescriptor`, `errorDescriptor`).
        case pipe
        /// A file, created or truncated.
        case file(String)
        /// Wherever standard output goes (for the standard error only).
        case standardOutput
    }

    /// How the child ended.
    public enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)

        /// The exit code, or 128 + the signal number as a shell reports it.
        public var status: Int32 {
            switch self {
            case .exited(let code): code
            case .signalled(let signal): 128 + signal
            }
        }
    }

    public struct SpawnError: Error, CustomStringConvertible {
        public let description: String
    }

    public let pid: pid_t
    /// The write end of the child's standard input, for `.pipe`.
    public let inputDescriptor: Int32?
    /// The read end of the child's standard output, for `.pipe`.
    public let outputDescriptor: Int32?
    /// The read end of the child's standard error, for `.pipe`.
    public let errorDescriptor: Int32?
    private let lock = NSLock()
    private var termination: Termination?
    private var inputOpen: Bool

    public init(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        workingDirectory: String? = nil,
        input: Input = .nullDevice,
        output: Output = .pipe,
        error: Output = .pipe
    ) throws {
        // A child that exits before reading what it is sent must not end the test process.
        signal(SIGPIPE, SIG_IGN)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var ownerEnds: [Int32] = []
        var childEnds: [Int32] = []
        func pipeEnds() throws -> (read: Int32, write: Int32) {
            var ends: [Int32] = [0, 0]
            let failure = chainmail_pipe_close_on_exec(&ends)
            guard failure == 0 else {
                throw SpawnError(description: "pipe2: \(String(cString: strerror(failure)))")
            }
            return (ends[0], ends[1])
        }
        func closeAll(_ descriptors: [Int32]) { for descriptor in descriptors { close(descriptor) } }

        var inputWrite: Int32?
        var outputRead: Int32?
        var errorRead: Int32?
        do {
            switch input {
            case .nullDevice:
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            case .pipe:
                let ends = try pipeEnds()
                ownerEnds.append(ends.write)
                childEnds.append(ends.read)
                inputWrite = ends.write
                posix_spawn_file_actions_adddup2(&actions, ends.read, 0)
            }
            for (stream, target) in [(output, Int32(1)), (error, Int32(2))] {
                switch stream {
                case .nullDevice:
                    posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
                case .file(let path):
                    posix_spawn_file_actions_addopen(&actions, target, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                case .standardOutput:
                    posix_spawn_file_actions_adddup2(&actions, 1, target)
                case .pipe:
                    let ends = try pipeEnds()
                    ownerEnds.append(ends.read)
                    childEnds.append(ends.write)
                    if target == 1 { outputRead = ends.read } else { errorRead = ends.read }
                    posix_spawn_file_actions_adddup2(&actions, ends.write, target)
                }
            }
        } catch {
            closeAll(ownerEnds + childEnds)
            throw error
        }
        // dup2 clears close-on-exec on the copies 0, 1 and 2; everything else is closed.
        chainmail_spawn_add_close_from(&actions, 3)
        if let workingDirectory {
            chainmail_spawn_add_chdir(&actions, workingDirectory)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let environmentLines = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let envp = environmentLines.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        closeAll(childEnds)
        guard result == 0 else {
            closeAll(ownerEnds)
            throw SpawnError(description: "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        self.pid = pid
        self.inputDescriptor = inputWrite
        self.outputDescriptor = outputRead
        self.errorDescriptor = errorRead
        self.inputOpen = inputWrite != nil
    }

    deinit {
        if termination == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
        }
        closeInput()
        for descriptor in [outputDescriptor, errorDescriptor].compactMap({ $0 }) { close(descriptor) }
    }

    /// How it ended, once it has; never blocks.
    public var ended: Termination? {
        lock.withLock {
            if termination == nil {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid {
                    termination = Self.termination(of: status)
                }
            }
            return termination
        }
    }

    public var isRunning: Bool { ended == nil }

    public func send(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    /// Waits for the end, checking every 10 ms, for at most `limit`: blocks, so call it off the
    /// cooperative pool (`ProcessRunner.onBlockingThread`). Nil when it is still running.
    @discardableResult
    public func waitForEnd(upTo limit: Duration) -> Termination? {
        let deadline = ContinuousClock.now.advanced(by: limit)
        while true {
            if let ended { return ended }
            if ContinuousClock.now >= deadline { return nil }
            usleep(10_000)
        }
    }

    /// SIGTERM, then SIGKILL after `grace`; waits (blocking) until it has gone.
    public func stop(grace: Duration = .seconds(5)) {
        send(SIGTERM)
        if waitForEnd(upTo: grace) == nil {
            send(SIGKILL)
            waitForEnd(upTo: .seconds(60))
        }
    }

    /// Closes the write end of the child's standard input (it sees end of file); safe to repeat.
    public func closeInput() {
        let descriptor: Int32? = lock.withLock {
            defer { inputOpen = false }
            return inputOpen ? inputDescriptor : nil
        }
        if let descriptor { close(descriptor) }
    }

    /// Reads `descriptor` up to and without the first newline, for at most `limit`; nil at end of
    /// file or time-out. Blocks: call it off the cooperative pool.
    public static func readLine(_ descriptor: Int32, upTo limit: Duration) -> String? {
        let deadline = ContinuousClock.now.advanced(by: limit)
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while ContinuousClock.now < deadline {
            var polled = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&polled, 1, 100)
            if ready < 0 && errno != EINTR { return nil }
            guard ready > 0 else { continue }
            let count = read(descriptor, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1 else { return nil }
            if byte == UInt8(ascii: "\n") { return String(decoding: line, as: UTF8.self) }
            line.append(byte)
        }
        return nil
    }

    private static func termination(of status: Int32) -> Termination {
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }
}
