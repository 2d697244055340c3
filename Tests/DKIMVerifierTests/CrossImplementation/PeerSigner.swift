import ChainmailTestSupport
import Foundation

/// An independent DKIM implementation that signs the cross-implementation corpus.
enum PeerSigner: String, CaseIterable, Sendable, CustomStringConvertible {
    /// dkimpy from PyPI: rsa-sha256 (1024 and 2048 bits) and ed25519-sha256.
    case dkimpy
    /// Mail::DKIM from Debian's libmail-dkim-perl, through dkimproxy-sign and Mail::DKIM::Signer: rsa-sha256.
    case mailDKIM

    var description: String {
        switch self {
        case .dkimpy: "dkimpy"
        case .mailDKIM: "Mail::DKIM"
        }
    }

    /// The programs the peer needs; each must be installed (scripts/setup.sh) or the test fails.
    var requiredPrograms: [String] {
        switch self {
        case .dkimpy: ["python3", "openssl"]
        case .mailDKIM: ["perl", "openssl", ProcessInfo.processInfo.environment["DKIMPROXY_SIGN"] ?? "/usr/bin/dkimproxy-sign"]
        }
    }

    /// The algorithms the peer's corpus must contain, so a generator that silently drops a key type is caught.
    var expectedAlgorithms: Set<String> {
        switch self {
        case .dkimpy: ["rsa-sha256", "ed25519-sha256"]
        case .mailDKIM: ["rsa-sha256"]
        }
    }

    private var interpreterAndScript: (String, String) {
        switch self {
        case .dkimpy: ("python3", "scripts/peers/dkim_sign_dkimpy.py")
        case .mailDKIM: ("perl", "scripts/peers/dkim_sign_mail_dkim.pl")
        }
    }

    /// Signs the peer's corpus into a fresh directory; the script checks its own output with its own verifier.
    func generateCorpus(into directory: URL) async throws -> SignedCorpus {
        for program in requiredPrograms { try Self.requireInstalled(program) }
        let (interpreter, script) = interpreterAndScript
        let output = directory.appendingPathComponent("corpus")
        let arguments = [interpreter, PackagePaths.root.appendingPathComponent(script).path, output.path]
        let result = try await ProcessRunner.run("/usr/bin/env", arguments)
        guard result.status == 0 else {
            throw PeerProcess.Failure(
                description: "\(arguments.joined(separator: " ")) exited with \(result.status):\n\(String(decoding: result.stderr, as: UTF8.self))"
            )
        }
        return try SignedCorpus(directory: output)
    }

    /// A missing peer is an error, never a silent skip.
    private static func requireInstalled(_ program: String) throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let candidates = program.hasPrefix("/") ? [program] : path.split(separator: ":").map { "\($0)/\(program)" }
        guard candidates.contains(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw PeerProcess.Failure(description: "\(program) is not installed (PATH \(path)): run scripts/setup.sh")
        }
    }
}
