import ChainSigner
import Foundation
import Testing

@Suite("signer settings: defaults and every rule")
struct SignerSettingsTests {
    /// The generator G of secp256k1 in NEAR's form: a point on the curve.
    static let generator = "secp256k1:3SB8tA9Kbn7FBtT6GWR6AJk73QceudisHaGThPoLCDgC9tan7d3cwZFiDZtrmhSAf8aTynEdQ3N7KXhMm3nWhekP"

    @Test("an empty signer section is the local signer, no pinned key, 30 s of waiting")
    func defaults() throws {
        let settings = try JSONDecoder().decode(SignerSettings.self, from: Data("{}".utf8))
        #expect(settings == SignerSettings())
        #expect(settings.kind == .local && settings.rootPublicKey == nil && settings.waitSeconds == 30)
        #expect(settings.problems().isEmpty)
    }

    @Test("near-mpc with a root key on the curve is read and accepted; the key parses to that point")
    func nearMPC() throws {
        let json = #"{"kind":"near-mpc","rootPublicKey":"\#(Self.generator)","waitSeconds":0}"#
        let settings = try JSONDecoder().decode(SignerSettings.self, from: Data(json.utf8))
        #expect(settings == SignerSettings(kind: .nearMPC, rootPublicKey: Self.generator, waitSeconds: 0))
        #expect(settings.problems().isEmpty)
        #expect(settings.parsedRootPublicKey?.nearFormat == Self.generator)
        #expect(SignerSettings.Kind.allCases.map(\.rawValue) == ["local", "near-mpc"])
    }

    @Test(
        "each broken rule is a problem naming its setting",
        arguments: [
            (SignerSettings(kind: .nearMPC), "signer.rootPublicKey"),
            // y + 1: not on the curve.
            (
                SignerSettings(
                    rootPublicKey: "secp256k1:3SB8tA9Kbn7FBtT6GWR6AJk73QceudisHaGThPoLCDgC9tan7d3cwZFiDZtrmhSAf8aTynEdQ3N7KXhMm3nWhekQ"
                ),
                "signer.rootPublicKey"
            ),
            // 63 bytes.
            (
                SignerSettings(
                    rootPublicKey: "secp256k1:Yz8Dx64JrBvxwFXCDZC8zwdG3ddEHUcQhAPpDR6Fn1ix2idxRUnJLzi4JRSKjh95ZXh6cdAc8LHPKjg9AhDcwm"
                ),
                "signer.rootPublicKey"
            ),
            (SignerSettings(rootPublicKey: String(SignerSettingsTests.generator.dropFirst("secp256k1:".count))), "signer.rootPublicKey"),
            (SignerSettings(rootPublicKey: "ed25519:" + String(SignerSettingsTests.generator.dropFirst("secp256k1:".count))), "signer.rootPublicKey"),
            (SignerSettings(waitSeconds: -1), "signer.waitSeconds"),
            (SignerSettings(waitSeconds: 301), "signer.waitSeconds"),
        ]
    )
    func problems(_ settings: SignerSettings, _ setting: String) {
        let problems = settings.problems()
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.hasPrefix(setting + " ") == true, "\(problems)")
    }
}
