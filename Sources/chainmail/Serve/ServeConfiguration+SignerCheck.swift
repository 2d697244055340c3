import AccountEngine
import ChainSigner
import Foundation
import NEARClient

extension ServeConfiguration {
    /// The `signer` and `near` sections' problems, found without connecting anywhere: each
    /// section's own rules, what `signer.kind: near-mpc` needs from `near`, and the key file
    /// readable, in NEAR CLI's credentials format, with a matching key pair, for `predecessor`.
    func signerProblems() -> [String] {
        var problems = signer.problems() + (near?.problems() ?? [])
        if let rootKeyFile = signer.rootKeyFile, signer.kind == .local {
            do {
                _ = try LocalSigner(rootKeyFile: rootKeyFile, predecessor: predecessor)
            } catch let error as ChainSignerError {
                problems.append("signer.rootKeyFile: \(error.code.name): \(error.message)")
            } catch {
                problems.append("signer.rootKeyFile: \(error)")
            }
        }
        if signer.kind == .nearMPC {
            if near?.rpcURL == nil { problems.append("near.rpcURL is required with signer.kind near-mpc") }
            if near?.keyFile == nil { problems.append("near.keyFile is required with signer.kind near-mpc") }
        }
        if let keyFile = near?.keyFile, !keyFile.isEmpty {
            guard FileManager.default.isReadableFile(atPath: keyFile) else {
                problems.append("near.keyFile: cannot read \(keyFile)")
                return problems
            }
            do {
                let credentials = try NEARCredentials(contentsOf: URL(fileURLWithPath: keyFile))
                if credentials.accountId != predecessor {
                    problems.append(
                        "near.keyFile \(keyFile) holds a key of \(credentials.accountId), not of predecessor \(predecessor)"
                    )
                }
            } catch {
                problems.append("near.keyFile \(keyFile): \(error.message)")
            }
        }
        return problems
    }
}
