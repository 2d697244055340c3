#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The local signer's root secret on disk: `<dataDirectory>/signer/root.key`, exactly 32 raw bytes,
/// mode 0600 in a 0700 directory, both owned by the user running chainmail.
///
/// The file is made once and never replaced: a new secret is written to a temporary file and hard-linked
/// into place, which fails if `root.key` already exists. Two processes starting together therefore both
/// end up with the one secret that won, and no reader ever sees a partly written file.
struct RootKeyFile {
    static let fileName = "root.key"
    static let secretLength = 32

    let dataDirectory: String
    /// The file `signer.rootKeyFile` names, read instead of the data directory's.
    private let configuredPath: String?

    init(dataDirectory: String) {
        self.dataDirectory = dataDirectory
        self.configuredPath = nil
    }

    /// The root secret in a file the operator names (`signer.rootKeyFile`), shared by every
    /// instance on one store: the same format and checks as the data directory's, never created.
    init(configuredPath: String) {
        self.dataDirectory = ""
        self.configuredPath = configuredPath
    }

    var directory: String { dataDirectory + "/signer" }
    var path: String { configuredPath ?? directory + "/" + Self.fileName }

    /// Reads the root secret from the configured file: 32 raw bytes, a regular file (not a link)
    /// of this process's user, mode 0600; refuses with `root_key_missing` if there is none. Its
    /// folder is the operator's to choose, so only the file's own permissions are checked.
    func loadConfigured() throws -> SecretKey {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            let openError = errno
            switch openError {
            case ENOENT:
                throw ChainSignerError.rootKeyMissing(
                    "there is no root key at \(path) (signer.rootKeyFile); copy the root.key of the data directory the instances share the root of (`chainmail init` makes one)"
                )
            case ELOOP: throw ChainSignerError.rootKeyPermissions("\(path) is a symbolic link")
            default: throw ioError("cannot open \(path)", openError)
            }
        }
        defer { close(descriptor) }
        return try readSecret(descriptor)
    }

    /// Reads the root secret, creating it first if there is none (`chainmail init` and `serve` only).
    func loadOrCreate() throws -> SecretKey {
        try load(creating: true)
    }

    /// Reads the root secret and refuses with `root_key_missing` if there is none, creating nothing:
    /// the commands that only use the key must not make a second root in the wrong folder.
    func loadExisting() throws -> SecretKey {
        try load(creating: false)
    }

    private func load(creating: Bool) throws -> SecretKey {
        if creating {
            try makeDirectory(dataDirectory, checkPermissions: false)
            try makeDirectory(directory, checkPermissions: true)
        } else {
            var status = stat()
            guard lstat(path, &status) == 0 || errno != ENOENT else {
                throw ChainSignerError.rootKeyMissing(
                    "there is no root key in \(dataDirectory) (\(path)); run `chainmail init` there first, or give the right --config or --data-dir"
                )
            }
            try makeDirectory(directory, checkPermissions: true)
        }
        // The second pass reads the file this or another process just linked into place.
        for _ in 0..<2 {
            let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            if descriptor >= 0 {
                defer { close(descriptor) }
                return try readSecret(descriptor)
            }
            let openError = errno
            switch openError {
            case ENOENT where creating: try create()
            case ELOOP: throw ChainSignerError.rootKeyPermissions("\(path) is a symbolic link")
            default: throw ioError("cannot open \(path)", openError)
            }
        }
        throw ChainSignerError.rootKeyIO("\(path) disappeared right after it was created")
    }

    private func readSecret(_ descriptor: Int32) throws -> SecretKey {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ioError("cannot stat \(path)", errno) }
        guard status.st_mode & fileTypeMask == regularFileType else {
            throw ChainSignerError.rootKeyInvalid("\(path) is not a regular file")
        }
        guard status.st_uid == geteuid() else {
            throw ChainSignerError.rootKeyPermissions("\(path) is owned by uid \(status.st_uid), not by this process's user")
        }
        guard status.st_mode & 0o077 == 0 else {
            throw ChainSignerError.rootKeyPermissions(
                "\(path) has mode \(String(status.st_mode & 0o777, radix: 8)); it must not be accessible to group or others (chmod 600)"
            )
        }
        guard status.st_size == Self.secretLength else {
            throw ChainSignerError.rootKeyInvalid("\(path) holds \(status.st_size) bytes, not \(Self.secretLength)")
        }
        return try withUnsafeTemporaryAllocation(byteCount: Self.secretLength + 1, alignment: 16) { buffer in
            defer { wipe(buffer) }
            let count = try readFully(descriptor, into: buffer)
            guard count == Self.secretLength else {
                throw ChainSignerError.rootKeyInvalid("\(path) changed size while being read")
            }
            do {
                return try SecretKey(copying: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            } catch {
                throw ChainSignerError.rootKeyInvalid("\(path) does not hold a valid secp256k1 secret key")
            }
        }
    }

    private func create() throws {
        var generator = SystemRandomNumberGenerator()
        let temporaryPath = directory + "/.\(Self.fileName).\(getpid()).\(generator.next() as UInt64).tmp"
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ioError("cannot create \(temporaryPath)", errno) }
        defer { unlink(temporaryPath) }
        do {
            defer { close(descriptor) }
            // The umask can only narrow the mode given to open; fchmod makes it exactly 0600.
            guard fchmod(descriptor, 0o600) == 0 else { throw ioError("cannot chmod \(temporaryPath)", errno) }
            try withUnsafeTemporaryAllocation(byteCount: Self.secretLength, alignment: 16) { buffer in
                defer { wipe(buffer) }
                // SystemRandomNumberGenerator is the operating system's CSPRNG (getrandom on Linux).
                repeat {
                    for offset in stride(from: 0, to: Self.secretLength, by: 8) {
                        buffer.storeBytes(of: generator.next() as UInt64, toByteOffset: offset, as: UInt64.self)
                    }
                } while !Secp256k1.isValidScalar(Array(UnsafeRawBufferPointer(buffer)))
                try writeFully(descriptor, UnsafeRawBufferPointer(buffer), path: temporaryPath)
            }
            guard fsync(descriptor) == 0 else { throw ioError("cannot sync \(temporaryPath)", errno) }
        }
        if link(temporaryPath, path) != 0 {
            let linkError = errno
            // Another process created the file first: its secret is the one to use.
            guard linkError == EEXIST else { throw ioError("cannot link \(path)", linkError) }
        }
        syncDirectory()
    }

    private func makeDirectory(_ path: String, checkPermissions: Bool) throws {
        if mkdir(path, 0o700) == 0 {
            guard chmod(path, 0o700) == 0 else { throw ioError("cannot chmod \(path)", errno) }
        } else if errno != EEXIST {
            throw ioError("cannot create directory \(path)", errno)
        }
        var status = stat()
        guard lstat(path, &status) == 0 else { throw ioError("cannot stat \(path)", errno) }
        guard status.st_mode & fileTypeMask == directoryType else {
            throw ChainSignerError.rootKeyPermissions("\(path) is not a directory")
        }
        guard checkPermissions else { return }
        guard status.st_uid == geteuid() else {
            throw ChainSignerError.rootKeyPermissions("\(path) is owned by uid \(status.st_uid), not by this process's user")
        }
        guard status.st_mode & 0o077 == 0 else {
            throw ChainSignerError.rootKeyPermissions(
                "\(path) has mode \(String(status.st_mode & 0o777, radix: 8)); it must not be accessible to group or others (chmod 700)"
            )
        }
    }

    /// Makes the new directory entry durable; failure only costs durability, so it is not an error.
    private func syncDirectory() {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    private func readFully(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var total = 0
        while total < buffer.count {
            let count = read(descriptor, buffer.baseAddress! + total, buffer.count - total)
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw ioError("cannot read \(path)", errno)
            }
            total += count
        }
        return total
    }

    private func writeFully(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var total = 0
        while total < bytes.count {
            let count = write(descriptor, bytes.baseAddress! + total, bytes.count - total)
            if count < 0 {
                if errno == EINTR { continue }
                throw ioError("cannot write \(path)", errno)
            }
            total += count
        }
    }

    private func ioError(_ what: String, _ code: Int32) -> ChainSignerError {
        ChainSignerError.rootKeyIO("\(what): \(String(cString: strerror(code)))")
    }
}

private let fileTypeMask: mode_t = 0o170000
private let regularFileType: mode_t = 0o100000
private let directoryType: mode_t = 0o040000
