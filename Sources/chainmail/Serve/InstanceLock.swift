import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One `serve` per data directory: an exclusive `flock` on `DATA/serve.lock` (mode 0600), held
/// until the process ends, with the holder's pid written in the file so a second `serve` can name it.
/// Taken before anything connects (IMAP login, the HTTP listener), so a second instance leaves no trace.
final class InstanceLock {
    private let descriptor: Int32

    init(dataDirectory: String) throws {
        let path = DataDirectory.lockPath(in: dataDirectory)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw InstanceLockError("cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let lockError = errno
            let holder = Self.readPID(descriptor)
            close(descriptor)
            guard lockError == EWOULDBLOCK else { throw InstanceLockError("cannot lock \(path): \(String(cString: strerror(lockError)))") }
            throw InstanceLockError("\(dataDirectory) is in use by another chainmail serve (pid \(holder.map(String.init) ?? "unknown"))")
        }
        _ = fchmod(descriptor, 0o600)
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    private static func readPID(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// The data directory is locked by another `serve`, or the lock file cannot be used.
struct InstanceLockError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
