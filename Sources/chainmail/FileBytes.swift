#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file's bytes, read with plain POSIX calls: `replay` and `dkim verify` read thousands of
/// small mails, and Foundation's file reading costs more per file than verifying its signature.
enum FileBytes {
    struct ReadError: Error, CustomStringConvertible {
        let path: String
        let errorNumber: Int32
        var description: String { "cannot read \(path): \(String(cString: strerror(errorNumber)))" }
    }

    static func contents(of path: String) throws(ReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ReadError(path: path, errorNumber: errno) }
        defer { close(descriptor) }
        var status = stat()
        let sizeHint = fstat(descriptor, &status) == 0 ? max(Int(status.st_size), 0) : 0
        var bytes: [UInt8] = []
        bytes.reserveCapacity(sizeHint)
        // One byte over the size, so a regular file ends with a single read returning 0.
        var chunk = [UInt8](repeating: 0, count: min(max(sizeHint + 1, 4096), 1 << 20))
        while true {
            let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw ReadError(path: path, errorNumber: errno)
            }
            if got == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<got])
        }
    }
}
