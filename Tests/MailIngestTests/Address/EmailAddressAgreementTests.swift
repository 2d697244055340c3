import AccountEngine
import Testing

@testable import MailIngest

/// Issue 12: an OIDC identity the API accepts is one a mail can prove, and the reverse. Both sides
/// go through `EmailAddressSyntax`; this table holds them to it from the outside, through the
/// identity constructor and the From parser.
@Suite("Email addresses: OIDC identities and mail senders agree")
struct EmailAddressAgreementTests {
    /// An address and what both sides must make of it: the normalised form, or nil for a refusal.
    struct Case: CustomTestStringConvertible, Sendable {
        let address: String
        let normalised: String?
        var testDescription: String { "\(address) → \(normalised ?? "refused")" }
    }

    static let cases: [Case] = [
        // Accepted, lowercased.
        Case(address: "alice@example.com", normalised: "alice@example.com"),
        Case(address: "Alice@Example.COM", normalised: "alice@example.com"),
        Case(address: "ALICE.LIDDELL@MAIL.EXAMPLE.CO.UK", normalised: "alice.liddell@mail.example.co.uk"),
        Case(address: "alice+chainmail@example.com", normalised: "alice+chainmail@example.com"),
        Case(address: "a!#$%&'*=?^_`{|}~-@example.com", normalised: "a!#$%&'*=?^_`{|}~-@example.com"),
        Case(address: "alice@xn--bcher-kva.example", normalised: "alice@xn--bcher-kva.example"),
        Case(address: "alice@XN--BCHER-KVA.Example", normalised: "alice@xn--bcher-kva.example"),
        Case(address: "alice@123.example", normalised: "alice@123.example"),
        Case(address: "alice@example.c0m", normalised: "alice@example.c0m"),
        Case(address: "alice@a-b.example", normalised: "alice@a-b.example"),
        Case(address: "a@b.co", normalised: "a@b.co"),
        Case(address: String(repeating: "a", count: 64) + "@example.com", normalised: String(repeating: "a", count: 64) + "@example.com"),
        Case(
            address: "alice@" + String(repeating: "b", count: 63) + ".example",
            normalised: "alice@" + String(repeating: "b", count: 63) + ".example"
        ),
        Case(address: "alice@" + longDomain(length: 253), normalised: "alice@" + longDomain(length: 253)),
        // Refused by both.
        Case(address: "alice@localhost", normalised: nil),
        Case(address: "alice@LOCALHOST", normalised: nil),
        Case(address: "alice@127.0.0.1", normalised: nil),
        Case(address: "alice@example.123", normalised: nil),
        Case(address: "alice@[127.0.0.1]", normalised: nil),
        Case(address: "alice@[IPv6:::1]", normalised: nil),
        Case(address: "alice@example.com.", normalised: nil),
        Case(address: "alice.@example.com", normalised: nil),
        Case(address: ".alice@example.com", normalised: nil),
        Case(address: "al..ice@example.com", normalised: nil),
        Case(address: "alice@example..com", normalised: nil),
        Case(address: "alice@.example.com", normalised: nil),
        Case(address: "alice@-example.com", normalised: nil),
        Case(address: "alice@example-.com", normalised: nil),
        Case(address: "alice@exa_mple.com", normalised: nil),
        Case(address: "\"alice\"@example.com", normalised: nil),
        Case(address: "\"alice liddell\"@example.com", normalised: nil),
        Case(address: "alice@bücher.example", normalised: nil),
        Case(address: "ålice@example.com", normalised: nil),
        Case(address: String(repeating: "a", count: 65) + "@example.com", normalised: nil),
        Case(address: "alice@" + String(repeating: "b", count: 64) + ".example", normalised: nil),
        Case(address: "alice@" + longDomain(length: 254), normalised: nil),
        Case(address: "alice", normalised: nil),
        Case(address: "@example.com", normalised: nil),
        Case(address: "alice@", normalised: nil),
        Case(address: "alice@bob@example.com", normalised: nil),
        Case(address: "", normalised: nil),
    ]

    /// A domain of exactly `length` characters: labels of 63 `d`s and a shorter last one, then `.example`.
    static func longDomain(length: Int) -> String {
        String((0..<(length - ".example".count)).map { $0 % 64 == 63 ? "." : "d" }) + ".example"
    }

    /// What the API makes of the address as an OIDC identity's email, or nil when it refuses it.
    private func identityEmail(_ address: String) -> String? {
        let value = AuthIdentity.Value.oidc(issuer: "https://accounts.example.com", clientId: "chainmail", email: address)
        guard let identity = try? AuthIdentity(value), case .oidc(_, _, let email) = identity.value else { return nil }
        return email
    }

    /// What the From parser makes of the address as a mail's sender, or nil when it refuses it.
    private func senderAddress(_ fieldValue: String) -> String? {
        try? FromMailbox.parse(fieldValue: Array(fieldValue.utf8)).get().address
    }

    @Test("the long-domain helper makes domains of the length asked for")
    func longDomainLength() {
        #expect(Self.longDomain(length: 253).utf8.count == 253)
        #expect(Self.longDomain(length: 254).utf8.count == 254)
    }

    @Test("an OIDC identity's email and a From address are accepted alike and normalised to the same string", arguments: cases)
    func identityAndSenderAgree(_ entry: Case) {
        let identity = identityEmail(entry.address)
        #expect(identity == entry.normalised, "OIDC identity")
        #expect(senderAddress(entry.address) == entry.normalised, "From: addr-spec")
        #expect(senderAddress("Alice <\(entry.address)>") == entry.normalised, "From: name-addr")
        #expect((try? EmailAddress.normalize(entry.address).get()) == entry.normalised, "EmailAddress.normalize")
        #expect((try? EmailAddressSyntax.normalise(entry.address).get()) == entry.normalised, "EmailAddressSyntax")
    }

    @Test("surrounding white space is dropped by both sides")
    func surroundingSpace() {
        #expect(identityEmail("  Alice@Example.com\t") == "alice@example.com")
        #expect(senderAddress("  Alice@Example.com\t") == "alice@example.com")
    }

    /// The one deliberate difference: `/` is atext, so a mail may come from such an address, but an
    /// identity may not hold it (it would carry a separator into the derivation path, section 1). Such
    /// a mail proves no identity and is refused as `sender_not_on_account`; nothing the API accepts is
    /// unprovable.
    @Test("a slash in the local part is a valid sender but never an identity")
    func slashInLocalPart() {
        #expect(senderAddress("a/b@example.com") == "a/b@example.com")
        #expect(identityEmail("a/b@example.com") == nil)
    }
}
