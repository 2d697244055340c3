// mail-bench: the email pipeline in process against the cost of its parts, each measured alone on
// the same mails in the same run: DKIM verification, the NEAR key derivation of the mail's path,
// the local signer's secp256k1 signature, and one SQLite write transaction equal to what the
// pipeline commits per mail. The pipeline's overhead over its parts is the figure of merit.
//
// Usage: mail-bench FOLDER [mails] [rounds]. FOLDER is made by scripts/peers/sign_approvals.py
// (NNNNNN.eml, dns.txt, accounts.json: one account, nonces 0…N-1); `mails` takes the first ones
// (default: all), `rounds` (default 5) interleaves the measurements. Benchmarks/mail/run.sh pins
// it to one core.
import Foundation
import Logging

// As `chainmail replay` sets it up: log lines from warning up, on standard error.
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = .warning
    return handler
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let folderPath = arguments.first else {
    FileHandle.standardError.write(Data("usage: mail-bench FOLDER [mails] [rounds]\n".utf8))
    exit(2)
}
// The work runs in a nonisolated function, off the main actor, as the IMAP poller's and the HTTP
// API's calls to the pipeline do: no main-actor hop is counted in any measurement.
try await MailBenchmark.run(
    folderPath: folderPath,
    limit: arguments.dropFirst().first.flatMap(Int.init),
    rounds: arguments.dropFirst(2).first.flatMap(Int.init) ?? 5
)
