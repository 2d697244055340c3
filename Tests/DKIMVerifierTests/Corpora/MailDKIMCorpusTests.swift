import DKIMVerifier
import Foundation
import Testing

/// Mail::DKIM's own corpus (testdata/corpora/mail-dkim), with the verdicts its test suite expects.
@Suite("Mail::DKIM corpus")
struct MailDKIMCorpusTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let file: String
        let expected: String
        var testDescription: String { "\(file) → \(expected)" }
    }

    static let cases: [Case] = {
        guard let text = try? CorpusFiles.text("mail-dkim/expected.tsv") else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let columns = line.split(separator: "\t")
            guard columns.count == 2 else { return nil }
            return Case(file: String(columns[0]), expected: String(columns[1]))
        }
    }()

    static let lenient: DKIMPolicy = {
        var policy = DKIMPolicy()
        policy.minimumRSABits = 512
        policy.allowSHA1 = true
        policy.allowPartialBody = true
        return policy
    }()

    static func verify(_ file: String, policy: DKIMPolicy) async throws -> DKIMMessageVerdict {
        let resolver = try StaticKeyResolver(fakeDNSFile: CorpusFiles.url("mail-dkim/FAKE_DNS.dat").path)
        let message = try CorpusFiles.bytes("mail-dkim/messages/\(file)")
        return await DKIMVerifier(resolver: resolver, policy: policy).verify(message: message, now: Int64(Date().timeIntervalSince1970))
    }

    static func verdictClass(_ result: DKIMResult) -> String {
        switch result {
        case .pass: "pass"
        case .fail: "fail"
        case .neutral, .policy, .permerror, .temperror, .none: "invalid"
        }
    }

    static func restsOnWeakRSA(_ verdict: DKIMSignatureVerdict) -> Bool {
        verdict.algorithm == "rsa-sha1" || (verdict.algorithm.hasPrefix("rsa-") && (verdict.key?.bits ?? 0) < 1024)
    }

    @Test("the corpus is there and complete")
    func corpusIsPresent() {
        #expect(Self.cases.count == 57)
    }

    @Test("under a lenient policy every message gets Mail::DKIM's verdict", arguments: cases)
    func lenientVerdicts(_ testCase: Case) async throws {
        let verdict = try await Self.verify(testCase.file, policy: Self.lenient)
        #expect(Self.verdictClass(verdict.result) == testCase.expected, "\(verdict.signatures.map(\.reason))")
    }

    @Test("under the default policy a pass resting on rsa-sha1 or a key under 1024 bits becomes policy", arguments: cases)
    func defaultPolicyDowngradesWeakPasses(_ testCase: Case) async throws {
        let lenient = try await Self.verify(testCase.file, policy: Self.lenient)
        let strict = try await Self.verify(testCase.file, policy: DKIMPolicy())
        #expect(lenient.signatures.count == strict.signatures.count)
        for (loose, tight) in zip(lenient.signatures, strict.signatures) {
            let weak = Self.restsOnWeakRSA(loose)
            if loose.result == .pass && weak {
                #expect(tight.result == .policy, "\(testCase.file): \(tight.reason)")
            } else {
                #expect(tight.result == loose.result, "\(testCase.file): \(tight.reason)")
            }
        }
        if lenient.result == .pass && lenient.passing.allSatisfy(Self.restsOnWeakRSA) {
            #expect(strict.result == .policy)
        }
    }
}
