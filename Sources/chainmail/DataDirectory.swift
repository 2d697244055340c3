import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The data directory's layout and modes: the directory 0700, everything in it 0600 (the umask
/// chainmail sets at start does the files; directories made here are chmod-ed explicitly).
enum DataDirectory {
    static func storePath(in directory: String) -> String { (directory as NSString).appendingPathComponent("accounts.sqlite") }
    static func lockPath(in directory: String) -> String { (directory as NSString).appendingPathComponent("serve.lock") }

    /// Creates the directory (and missing parents) if needed; a directory created here is 0700.
    static func prepare(_ directory: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw DataDirectoryError("\(directory) exists and is not a directory") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw DataDirectoryError("cannot create the data directory \(directory): \(error.localizedDescription)")
        }
        guard chmod(directory, 0o700) == 0 else {
            throw DataDirectoryError("cannot chmod 700 \(directory): \(String(cString: strerror(errno)))")
        }
    }

    /// Makes an existing data directory private again (0700, the store's files 0600), for folders
    /// made by an older chainmail or by hand; files chainmail creates now are private from the start.
    static func tightenModes(_ directory: String) {
        _ = chmod(directory, 0o700)
        for name in ["accounts.sqlite", "accounts.sqlite-wal", "accounts.sqlite-shm", "serve.lock"] {
            _ = chmod((directory as NSString).appendingPathComponent(name), 0o600)
        }
    }

    /// Why the directory could not be written or created, or nil if it can (`config check`).
    static func writabilityProblem(_ directory: String) -> String? {
        var candidate = directory
        while true {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else { return "dataDirectory: \(candidate) is not a directory" }
                guard access(candidate, W_OK | X_OK) == 0 else {
                    return candidate == directory
                        ? "dataDirectory: \(directory) is not writable"
                        : "dataDirectory: \(directory) cannot be created (\(candidate) is not writable)"
                }
                return nil
            }
            let parent = (candidate as NSString).deletingLastPathComponent
            if parent.isEmpty || parent == candidate { return nil }
            candidate = parent
        }
    }
}

/// The data directory cannot be used (not a directory, cannot be created).
struct DataDirectoryError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
