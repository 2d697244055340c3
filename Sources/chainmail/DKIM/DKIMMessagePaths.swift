#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The message files `chainmail dkim verify` is given: a file as it is, a directory as every regular
/// file directly inside it in file-name (byte) order, and `-` as the paths read from standard input,
/// one a line (each a file or a directory; empty lines skipped). Each path costs one `stat` and each
/// directory one listing and sort, so a run's set-up grows with the number of mails, not faster:
/// thousands of file arguments cost swift-argument-parser more than verifying the mails.
enum DKIMMessagePaths {
    /// The files, in order; a path that cannot be listed is reported to `problem` and left out (a
    /// missing file is kept, so reading it reports it in its place).
    static func files(for arguments: [String], readLine: () -> String?, problem: (FileBytes.ReadError) -> Void) -> [String] {
        var files: [String] = []
        for argument in arguments {
            if argument == "-" {
                while let line = readLine() {
                    let path = line.hasSuffix("\r") ? String(line.dropLast()) : line
                    if !path.isEmpty { append(path, to: &files, problem: problem) }
                }
            } else {
                append(argument, to: &files, problem: problem)
            }
        }
        return files
    }

    private static func append(_ path: String, to files: inout [String], problem: (FileBytes.ReadError) -> Void) {
        guard isDirectory(path) else {
            files.append(path)
            return
        }
        do {
            files += try regularFiles(in: path)
        } catch {
            problem(error)
        }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// Every regular file directly in `directory` (symbolic links followed), sorted by name as bytes.
    static func regularFiles(in directory: String) throws(FileBytes.ReadError) -> [String] {
        guard let stream = opendir(directory) else { throw FileBytes.ReadError(path: directory, errorNumber: errno) }
        defer { closedir(stream) }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw FileBytes.ReadError(path: directory, errorNumber: errno) }
                break
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): names.append(name)
            case Int32(DT_LNK), Int32(DT_UNKNOWN):
                var status = stat()
                if stat(prefix + name, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG { names.append(name) }
            default: continue
            }
        }
        names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return names.map { prefix + $0 }
    }
}
