import ChainSigner
import ErrorCodes
import Foundation
import HTTPAPI
import MailTransport
import Testing

/// The `x-error-codes` block of openapi.yaml, read with a minimal reader of its own layout: a
/// category at two spaces, its `status:` at four, its codes as `- code` items at six.
enum DocumentedErrorCodes {
    struct Category {
        var status: Int?
        var codes: [String] = []
    }

    static func read(_ text: String) -> [String: Category] {
        var categories: [String: Category] = [:]
        var inBlock = false
        var current: String?
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine[...]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let indent = line.prefix { $0 == " " }.count
            if indent == 0 {
                inBlock = trimmed == "x-error-codes:"
                continue
            }
            guard inBlock else { continue }
            if indent == 2, trimmed.hasSuffix(":") {
                let name = String(trimmed.dropLast())
                current = name
                categories[name] = Category()
            } else if let name = current, trimmed.hasPrefix("status:") {
                categories[name]?.status = Int(trimmed.dropFirst("status:".count).trimmingCharacters(in: .whitespaces))
            } else if let name = current, trimmed.hasPrefix("- ") {
                categories[name]?.codes.append(String(trimmed.dropFirst(2)))
            }
        }
        return categories
    }
}

@Suite("openapi.yaml documents the catalogue of error codes")
struct ErrorCatalogueTests {
    static func documented() throws -> [String: DocumentedErrorCodes.Category] {
        DocumentedErrorCodes.read(try OpenAPIDocumentTests.document)
    }

    @Test("the codes openapi.yaml documents are exactly the catalogue's, each under its category")
    func documentedCodesEqualTheCatalogue() throws {
        let documented = try Self.documented()
        var documentedCodes: [String: String] = [:]
        for (category, entry) in documented {
            for code in entry.codes {
                #expect(documentedCodes[code] == nil, "\(code) is documented twice")
                documentedCodes[code] = category
            }
        }
        let catalogued = Dictionary(uniqueKeysWithValues: ErrorCode.all.map { ($0.name, $0.category.rawValue) })
        #expect(Set(documentedCodes.keys).subtracting(catalogued.keys).sorted() == [], "documented but not catalogued")
        #expect(Set(catalogued.keys).subtracting(documentedCodes.keys).sorted() == [], "catalogued but not documented")
        for (code, category) in catalogued where documentedCodes[code] != nil {
            #expect(documentedCodes[code] == category, "\(code)")
        }
    }

    @Test("each category answers the status openapi.yaml documents for it")
    func everyCategoryMapsToItsDocumentedStatus() throws {
        let documented = try Self.documented()
        #expect(Set(documented.keys) == Set(ErrorCategory.allCases.map(\.rawValue)))
        for category in ErrorCategory.allCases {
            #expect(documented[category.rawValue]?.status == category.httpStatus, "\(category)")
        }
    }

    @Test("the catalogue lists each code once")
    func catalogueHasNoDuplicates() {
        #expect(Set(ErrorCode.all).count == ErrorCode.all.count)
        for code in ErrorCode.all { #expect(ErrorCode.named(code.name) == code) }
    }

    @Test("the codes of the signer's and the mail transport's errors are in the catalogue's list, under their category")
    func moduleErrorCodesAreListed() {
        let tls: [TLSError] = [
            .certificateUntrusted(""), .hostNameMismatch(""), .handshakeFailed(""), .caFileUnreadable(""), .setupFailed(""),
        ]
        let codes: [ErrorCode] =
            [
                ChainSignerError.invalidPublicKey(""), .invalidSecretKey(""), .tweakOutOfRange(""), .derivationFailed(""), .invalidPayload(""),
                .payloadOutOfRange(""), .invalidSignature(""), .signatureCheckFailed(""), .signerUnavailable(""), .rootKeyPermissions(""),
                .rootKeyInvalid(""), .rootKeyIO(""), .invalidAddress(""),
            ].map(\.code)
            + [
                IMAPError.connectFailed(""), .tlsFailed(tls[0]), .loginFailed(""), .mailboxUnavailable(""), .commandFailed(""),
                .connectionLost(""), .invalidConfiguration(""),
            ].map(\.code)
            + [
                SMTPError.connectFailed(""), .tlsFailed(tls[0]), .authFailed(""), .rejected("", replyCode: 550), .temporary(""),
                .invalidRequest(""),
            ].map(\.code)
            + tls.map(\.code)
        for code in codes {
            #expect(ErrorCode.named(code.name)?.category == code.category, "\(code)")
        }
    }
}
