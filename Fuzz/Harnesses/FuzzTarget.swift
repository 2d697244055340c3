import AccountEngine
import ByteEncoding
import ChainTransactions
import DKIMVerifier
import Dispatch
import Foundation
import MailIngest

/// The parsers of untrusted bytes that the libFuzzer targets of `Fuzz/` drive (issue 11, docs/fuzzing.md).
///
/// One function per target, shared by the fuzz executables (their `LLVMFuzzerTestOneInput`), their
/// regression replayers (the same executables in a normal build) and the regression tests, so a finding is
/// replayed through exactly the code that found it. Each function only calls the public entry points and
/// discards what they return: a finding is a trap, a sanitizer report or an input slower than the timeout.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case dkim
    case headers
    case mime
    case block
    case json
    case psbt

    /// The largest input worth feeding the target (libFuzzer's `-max_len`), the size limits of the service.
    public var maxLength: Int {
        switch self {
        case .dkim, .headers, .mime: 64 * 1024
        case .block: 64 * 1024
        case .json: 16 * 1024
        case .psbt: PSBT.maxBytes
        }
    }

    public func run(_ bytes: [UInt8]) {
        switch self {
        case .dkim: FuzzDKIM.run(bytes)
        case .headers: FuzzHeaders.run(bytes)
        case .mime: FuzzMIME.run(bytes)
        case .block: FuzzBlock.run(bytes)
        case .json: FuzzJSON.run(bytes)
        case .psbt: FuzzPSBT.run(bytes)
        }
    }

    /// The fuzz entry point's body: the input as an array, run once.
    public func run(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        run(size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }

    /// The executable's `main`: in a fuzz build (-DFUZZING) libFuzzer's driver on `callback` (the
    /// executable's `LLVMFuzzerTestOneInput`), else `replay` of the command line. SwiftPM links every
    /// executable with its `main` renamed to `<module>_main`, so libFuzzer's own `main` cannot be used.
    public func main(_ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32 {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        return LLVMFuzzerRunDriver(&argc, &argv, callback)
        #else
        return replay(Array(CommandLine.arguments.dropFirst()))
        #endif
    }

    /// A regression replayer: runs every file named on the command line (directories are walked one level)
    /// through the target and prints one line per file. Exit status 0 unless a file cannot be read.
    public func replay(_ arguments: [String]) -> Int32 {
        var status: Int32 = 0
        var paths: [String] = []
        for argument in arguments {
            if let entries = try? FileManager.default.contentsOfDirectory(atPath: argument) {
                paths += entries.sorted().map { argument + "/" + $0 }
            } else {
                paths.append(argument)
            }
        }
        if paths.isEmpty {
            print("usage: fuzz-\(rawValue) FILE-OR-DIRECTORY…   (a normal build replays inputs; a FUZZING build is a libFuzzer binary)")
            return 2
        }
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("fuzz-\(rawValue): cannot read \(path)")
                status = 1
                continue
            }
            let bytes = [UInt8](data)
            let start = DispatchTime.now().uptimeNanoseconds
            run(bytes)
            let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            print("fuzz-\(rawValue): \(path) (\(bytes.count) bytes) ok in \(milliseconds) ms")
        }
        return status
    }
}

#if FUZZING
/// libFuzzer's driver (compiler-rt FuzzerDriver.cpp, in the runtime `-sanitize=fuzzer` links):
/// `int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t))`. Declared by
/// name, as there is no header for it; pointer arguments and an Int32 result pass alike in the Swift and C
/// conventions.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32
#endif

/// (1) DKIM: the header reader (`ParsedMessage`), the `DKIM-Signature` tag list and every step the verifier
/// takes before and after the key look-up, with a resolver that answers every name at once with the keys of
/// testdata/dkim and testdata/emails (so mutated selectors and domains still reach the body hash, `h=` selection and the
/// signature check). The verifier is async but never suspends with this resolver: `Task.immediate` runs it
/// on this thread.
enum FuzzDKIM {
    static let now: Int64 = 1_800_000_000
    static let verifier = DKIMVerifier(resolver: AnyNameResolver(), policy: DKIMPolicy())

    static func run(_ bytes: [UInt8]) {
        let message = ParsedMessage(bytes)
        for field in message.headers { _ = message.value(of: field) }
        _ = message.fields(named: "dkim-signature")
        let done = DispatchSemaphore(value: 0)
        Task.immediate {
            let verdict = await verifier.verify(message, now: now)
            _ = verdict.signatures.count
            done.signal()
        }
        done.wait()
    }

    /// testdata/dkim/dns.txt and testdata/emails/dns.txt: their names answer with their record, any other name
    /// with all of them.
    static let dnsText = """
        # DKIM keys of the fixtures in this folder (FAKE_DNS.dat format)
        rsa2048._domainkey.example.com v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAyl0pgRw/tWMZTIAZfCyONavf16RZWmDoLrZjNF8DtXRIpXHUNBJIFrAMWFjd8gVEFMcQrNaX7zxrSwkt58lgwP6jekewSy+9LMdbWHzvDwLCA3BlSBP6f8tL3wKsqL09nvtAZxEaBLoT2tv8hff3QUKCTy9FzNLFil88BS8yOS3FZMAsDbfqVj9C0FeW2u7HkiaLMaXQb4Zrn+uBTVwUOKOrNpHTux2LdX1fEC8ayVaUokq7vlPNEQWz0Jj1jSvZZjCQMpnigSs43gwv7djfy8RO6hmABQZJjZASqXpU/lxLsY7YdrGdLRbOS0RkZGDRg/voTumUkKDAtFi72vMpUwIDAQAB
        rsa1024._domainkey.example.com v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCZMuHfiZLHy4lwu0vFcH55Yw6g2kng1aypYar7Slx86p+tFOzdj1ET6+pVTkKa1sF7MMKpKyvDx6iQntaJ31ESbdjQbMRFJlxlSYh5/fw4saYbSl6ho6oQI+AcCQqw9T/roiTrvMVp8ASsYG/S+vLnDi9aDtalybLTd4CT/1Ri2QIDAQAB
        ed._domainkey.example.com v=DKIM1; k=ed25519; p=/s+o7vJu1s6PqQRahgWf4EoJNUWCR0UcbM/xJtPmGfo=
        # DKIM keys of the fixtures in this folder (FAKE_DNS.dat format); made by scripts/make-email-fixtures.py
        s2026._domainkey.example.com v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA0sgfxG1ikACfbAminyy0orqYhn+2kVs41UEo5kxD788XI00XlNlisLsX3Z4x3iamMCjGg+KaDy4rGl272VOzYSXhDG3MiJsIm3GJWW4IUtWnY4ZRC+kMEczotsvyVAD5ITyOdkK4H2JvRG6TSDd64xwYbPid0zXlk5pQoAkkSLWX6OMDmNb3QnznaHqNdXAaTIDtMhhnzWonNYEijGG4rVCfKChEZ4KwVeI5RdSestoV1OjLNka2ZYmXDz79YFAeDFboj++yaVJ6S4u/nWixVT6FNzP018d8ka21r5YpFPL8wUiw0QYmPEeSQO7gAhvOEhgVUCF/LulIrKK9HX9ciwIDAQAB
        weak._domainkey.example.com v=DKIM1; k=rsa; p=MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBALiWHNmteGIlSKgYmKC6XV6eYFjvNKcXBiYOIBmUVff0694AETyLbVLVnhxNvdgQVeROXCisCETUe7SwImUfDTsCAwEAAQ==
        testing._domainkey.example.com v=DKIM1; k=rsa; t=y; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqUYtddi4fIdhYsvyZHXa7xfbecnOI8jza/SPcIdO4l9d4kG248Pq30dSphtwq97gYSpFCJ/d5uwdJM7J/2JWirdp/OaDKkc6vtS26y2PNNNhP8KzPvOCGA+pb4OO/uR3TQXzEX8yr6Wr9+vt49RLnXA8wwRxz1pGsWIyUgkRWq0qZgIqGC2f0YZ6nJEjhiWFNogz5lZkp4RcmVgcoWud/hUyS4yiGc3nGoBW+1dNgJkWASOQxwNO/nG1PrDNdRpG/kQSMxJP3BVZk7QNFtb5czsfrGFGoq923poBKsDlDYjJtYy3w8EFn8hCn9XwGDNnwteJV6Vwko7hUmQ/4KjQDQIDAQAB
        ed._domainkey.example.org v=DKIM1; k=ed25519; p=2gtEgCHg18LlvheQFOjNRye9IzH7vaX1eNxQTSR+g4Y=
        evil._domainkey.evil.example v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuTkdeD1uOvK81+GltdCd8PQHmrrUranP3WtCrffeeZp/EcFmlzpfbJto8rQS0bqczWxYYF1auvBKrowYv+2RFV7pKIiLeH7Zvixe/jRCpI5idTNd6yAIhoE+bhGpBhVlrhG/dF92UCsyzbqMRxg4nAV5mPYCO+ZzR8k3rbr8yYV4hMh0bmLdMHeN4jMAdTDfdC7aVB1f/cOcPQz8bAlQuFogQWT6BfKJy8U/aYjKnIIfZea5tU0gjKN8phVbihhm3rnNQ0MNQR9Rz53tlyOZws18s0BssaVOAM1kOIMfF7keao/aOnO9MayQbvHy1w8giI+F9L862svGeQ05FAIeBwIDAQAB
        """

    struct AnyNameResolver: KeyResolver {
        let table = StaticKeyResolver(fakeDNSText: FuzzDKIM.dnsText)
        let others: TXTLookupResult = .records(
            FuzzDKIM.dnsText.split(separator: "\n").filter { !$0.hasPrefix("#") && $0.contains(" ") }
                .map { String($0.drop { $0 != " " }.dropFirst()) },
            dnssec: .unknown
        )

        nonisolated(nonsending) func lookupTXT(_ name: String) async -> TXTLookupResult {
            switch await table.lookupTXT(name) {
            case .nxdomain: others
            case let answer: answer
            }
        }
    }
}

/// (2) The Date, From and Subject parsers, and the other header fields the pipeline reads: once on the
/// input as a whole message, then with the input as the value of a lone Date, From and Subject field.
enum FuzzHeaders {
    static func run(_ bytes: [UInt8]) {
        headers(of: ParsedMessage(bytes))
        _ = FromMailbox.parse(fieldValue: bytes)
        let value = Array(bytes.prefix { $0 != 0x0D && $0 != 0x0A })
        for name in ["Date: ", "From: ", "Subject: "] {
            headers(of: ParsedMessage(Array(name.utf8) + value + Array("\r\n\r\n".utf8)))
        }
    }

    static func headers(of message: ParsedMessage) {
        _ = MailHeaders.singleFieldsProblem(message)
        _ = MailHeaders.date(message)
        _ = FromMailbox.parse(message)
        if case .success(let subject) = MailHeaders.subject(message) {
            let candidates = MailHeaders.txHashCandidates(in: subject)
            _ = MailHeaders.containsTxHash(subject, candidates.first ?? String(repeating: "0", count: 64))
            _ = MailHeaders.authorisedTxHash(subject: subject, blockTxHash: candidates.first)
        }
        _ = MailHeaders.messageID(message)
        _ = MailHeaders.references(message)
        _ = RecipientAddresses.addresses(in: message)
    }
}

/// (3) MIME and its decoders: the header-section limits, the MIME tree, every leaf's transfer decoding
/// (quoted-printable, base64) and charset, the text body and the block search over inline text parts; and
/// the input itself through each charset and the Content-Type parser.
enum FuzzMIME {
    static func run(_ bytes: [UInt8]) {
        let message = ParsedMessage(bytes)
        _ = HeaderSectionLimits.check(message)
        if case .success(let root) = MIMEEntity.parse(message) {
            walk(root)
            for part in TextBody.inlinePlainTextParts(root) { _ = TextBody.text(of: part) }
        }
        _ = TextBody.extract(message)
        _ = TransactionBlock.find(in: message)
        for charset in Charset.allCases { _ = charset.decode(bytes) }
        _ = ContentType.parse(Array(bytes.prefix(2048)))
    }

    static func walk(_ entity: MIMEEntity) {
        if case .success(let decoded) = entity.decodedBody(), let label = entity.contentType.parameters["charset"] {
            _ = Charset(label: label)?.decode(decoded)
        }
        for child in entity.children { walk(child) }
    }
}

/// (4) The block finder over a decoded text, then (as the pipeline does) the strict JSON parser and the
/// transaction and auth target it holds.
enum FuzzBlock {
    static func run(_ bytes: [UInt8]) {
        guard case .success(let block?) = TransactionBlock.find(in: String(decoding: bytes, as: UTF8.self)) else { return }
        _ = try? SignedTransaction(jsonText: block.transactionJSON)
        if let target = block.authTargetJSON { _ = try? StrictJSONParser().parse(target) }
    }
}

/// (5) The strict JSON parser, and on what it accepts the decoders of a transaction, of ExecuteArgs and of
/// an auth identity, and the canonical (RFC 8785) serialisation.
enum FuzzJSON {
    static func run(_ bytes: [UInt8]) {
        guard let json = try? StrictJSONParser().parse(bytes) else { return }
        _ = json.canonicalSHA256
        _ = try? SignedTransaction(json: json)
        _ = try? ExecuteArgs(json: json)
        _ = try? AuthIdentity(json: json)
    }
}

/// (6) BIP-174: the PSBT parser on the raw bytes, then what a BitcoinTransaction makes of a PSBT that
/// parses (the checks of PROTOCOL.md 8.2 against the `from` its first input pays, the BIP-143 hashes,
/// the summary and a finished transaction with placeholder signatures).
enum FuzzPSBT {
    static func run(_ bytes: [UInt8]) {
        guard let psbt = try? PSBT(bytes: bytes) else { return }
        for network in BitcoinNetwork.allCases {
            guard let script = psbt.inputs.first?.witnessUtxo.script,
                let from = BitcoinAddress.describe(script: script, network: network)?.address,
                let transaction = try? BitcoinTransaction(
                    network: network.rawValue,
                    from: from,
                    path: "fuzz",
                    psbt: Base64.encode(bytes, alphabet: .standard, padded: true)
                )
            else { continue }
            _ = BitcoinSummary.lines(for: transaction)
            let placeholder = (r: [UInt8](repeating: 1, count: 32), s: [UInt8](repeating: 1, count: 32))
            _ = transaction.signed(
                signatures: Array(repeating: placeholder, count: transaction.signingPayloads.count),
                publicKey: [2] + [UInt8](repeating: 1, count: 32)
            )
        }
    }
}
