import ArgumentParser
import DKIMVerifier

/// The resolver used when no `--dns-file` is given.
enum SystemKeyResolver {
    static func make(forwarders: [String]) throws -> any KeyResolver {
        throw ValidationError("DNS look-ups are not available yet: pass --dns-file")
    }
}
