import Foundation

extension Process {
    /// Starts the process with none of this test process's descriptors beyond its standard three.
    ///
    /// SwiftNIO accepts connections without SOCK_CLOEXEC, and Foundation's `Process` does not close
    /// what a child inherits. A peer started while an in-process server holds connections kept
    /// them open after the server closed them, so their clients never saw the close (the
    /// 2,000-idle-connections test, with schemathesis started beside it). chainmail itself never
    /// starts processes; only its tests do.
    ///
    /// Starts are serialized: `run()` hands its child one end of a socket pair and learns of the exit
    /// when that end closes, so marking descriptors while another start is between making the pair
    /// and spawning would take the end from that child, and its exit would never be seen.
    public func runWithoutInheritedDescriptors() throws {
        try processStart.withLock {
            markDescriptorsCloseOnExec()
            try run()
        }
    }
}

extension Pipe {
    /// A pipe whose two ends no other child can inherit: both are marked close-on-exec before any
    /// other start may spawn. The child it is given to still gets its copy, because the `dup2` that
    /// makes it the child's standard stream clears the flag.
    ///
    /// A plain `Pipe()` made on one thread while another was starting a long-lived peer (a JWKS
    /// server, Dovecot) leaked its write end into that peer, so the reader waited for an end of
    /// file that only the peer's exit would bring: the test run hung.
    public static func uninherited() -> Pipe {
        processStart.withLock {
            let pipe = Pipe()
            markCloseOnExec(pipe.fileHandleForReading.fileDescriptor)
            markCloseOnExec(pipe.fileHandleForWriting.fileDescriptor)
            return pipe
        }
    }
}

private let processStart = NSLock()

/// Sets FD_CLOEXEC on every open descriptor above standard error. The child's standard streams
/// are set up with dup2, which clears the flag on the copies it makes.
private func markDescriptorsCloseOnExec() {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
    for name in names {
        guard let descriptor = Int32(name), descriptor > 2 else { continue }
        markCloseOnExec(descriptor)
    }
}

private func markCloseOnExec(_ descriptor: Int32) {
    let flags = fcntl(descriptor, F_GETFD)
    if flags >= 0, flags & FD_CLOEXEC == 0 {
        _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC)
    }
}
