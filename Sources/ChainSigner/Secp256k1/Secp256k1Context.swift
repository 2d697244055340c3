import CSecp256k1

/// Owns the process's one libsecp256k1 context.
///
/// libsecp256k1 documents every function taking a `const secp256k1_context*` as safe to call from many
/// threads at once; the only mutating call, `secp256k1_context_randomize`, runs here in `init` before the
/// context is shared. That is what makes the unchecked `Sendable` sound.
final class Secp256k1Context: @unchecked Sendable {
    static let shared = Secp256k1Context()

    let pointer: OpaquePointer

    private init() {
        guard let context = secp256k1_context_create(chainmail_secp256k1_context_none()) else {
            fatalError("secp256k1_context_create failed")
        }
        // Blinding the context's precomputed multiples protects signing against timing and power side channels.
        var generator = SystemRandomNumberGenerator()
        let seed = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        guard secp256k1_context_randomize(context, seed) == 1 else {
            fatalError("secp256k1_context_randomize failed")
        }
        pointer = context
    }

    deinit {
        secp256k1_context_destroy(pointer)
    }
}
