import ChainmailTestSupport
import DKIMVerifier
import Testing

@testable import MailIngest

@Suite("From: exactly one mailbox")
struct FromMailboxTests {
    private func parse(_ value: String) -> Result<Mailbox, MailParseError> {
        FromMailbox.parse(messageFrom(value))
    }

    private func address(_ value: String) -> String? { try? parse(value).get().address }

    @Test("a bare addr-spec is lowercased and has no display name")
    func bareAddress() throws {
        let mailbox = try parse(" Alice@Example.COM ").get()
        #expect(mailbox == Mailbox(displayName: nil, address: "alice@example.com"))
        #expect(mailbox.domain == "example.com")
    }

    @Test("name-addr with an atom display name")
    func nameAddr() throws {
        #expect(try parse("Alice Liddell <alice@example.com>").get() == Mailbox(displayName: "Alice Liddell", address: "alice@example.com"))
        #expect(try parse("<alice@example.com>").get() == Mailbox(displayName: nil, address: "alice@example.com"))
    }

    @Test("a quoted display name may hold commas, angle brackets and quoted-pairs")
    func quotedDisplayName() throws {
        let mailbox = try parse(#""Liddell, Alice \"Ally\" <boss>" <alice@example.com>"#).get()
        #expect(mailbox.displayName == #"Liddell, Alice "Ally" <boss>"#)
        #expect(mailbox.address == "alice@example.com")
    }

    @Test("comments are allowed wherever CFWS is, nested and with quoted-pairs")
    func comments() throws {
        let mailbox = try parse(#"(lead) Alice (the (real) one \) ok) <(c) alice@example.com (c)> (trailing)"#).get()
        #expect(mailbox == Mailbox(displayName: "Alice", address: "alice@example.com"))
        #expect(address("alice@example.com (Alice Liddell)") == "alice@example.com")
        #expect(error(of: parse("alice@example.com (unterminated"))?.code.name == "from_invalid")
    }

    @Test("folded header is unfolded before parsing")
    func folded() throws {
        let parsed = message("From: \"Alice\n Liddell\"\n\t<alice@example.com>\nSubject: x\n\nbody\n")
        #expect(try FromMailbox.parse(parsed).get() == Mailbox(displayName: "Alice Liddell", address: "alice@example.com"))
    }

    @Test("RFC 2047 B and Q encoded-words in the display name are decoded")
    func encodedWords() throws {
        #expect(try parse("=?UTF-8?B?Wm/DqyDDnG5pY29kZQ==?= <zoe@example.com>").get().displayName == "Zoë Ünicode")
        #expect(try parse("=?ISO-8859-1?Q?Fr=E9d=E9ric_Chopin?= <fc@example.org>").get().displayName == "Frédéric Chopin")
        #expect(try parse("=?windows-1252?Q?=80uro?= <e@example.org>").get().displayName == "€uro")
        // Adjacent encoded-words join without the white space between them; plain words keep it.
        #expect(try parse("=?utf-8?q?Ali?= =?utf-8?q?ce?= Liddell <a@example.org>").get().displayName == "Alice Liddell")
        // An unknown charset is shown as it stands rather than refusing the mail (RFC 2047 section 6.3).
        #expect(try parse("=?x-unknown?q?abc?= <a@example.org>").get().displayName == "=?x-unknown?q?abc?=")
        // Inside quotes an encoded-word is literal text.
        #expect(try parse(#""=?utf-8?q?Zo=C3=AB?=" <a@example.org>"#).get().displayName == "=?utf-8?q?Zo=C3=AB?=")
    }

    @Test("raw UTF-8 display names (RFC 6532) are read; control characters never reach the name")
    func utf8DisplayName() throws {
        #expect(try parse("Zoë <zoe@example.com>").get().displayName == "Zoë")
        #expect(try parse("=?utf-8?q?Eve=0D=0ABcc=3A_x?= <eve@example.com>").get().displayName == "Eve  Bcc: x")
    }

    @Test("the display-name trick: the address in angle brackets wins, never the one in the name")
    func displayNameTrick() throws {
        #expect(address(#""alice@example.com" <mallory@evil.example>"#) == "mallory@evil.example")
        #expect(address(#""Alice <alice@example.com>" <mallory@evil.example>"#) == "mallory@evil.example")
        #expect(try parse(#""alice@example.com" <mallory@evil.example>"#).get().displayName == "alice@example.com")
        // Unquoted, the name is not a valid phrase: refused rather than guessed at.
        #expect(error(of: parse("alice@example.com <mallory@evil.example>"))?.code.name == "from_invalid")
        #expect(error(of: parse("<alice@example.com> <mallory@evil.example>"))?.code.name == "from_invalid")
        #expect(error(of: parse("<mallory@evil.example> alice@example.com"))?.code.name == "from_invalid")
    }

    @Test("a list of mailboxes is refused")
    func lists() {
        for value in [
            "alice@example.com, bob@example.com",
            "Alice <alice@example.com>, Bob <bob@example.com>",
            "Liddell, Alice <alice@example.com>",
            "alice@example.com,",
            ", alice@example.com",
        ] {
            #expect(error(of: parse(value))?.code.name == "from_not_single_mailbox", "\(value)")
        }
    }

    @Test("a group is refused, empty or not")
    func groups() {
        for value in ["undisclosed-recipients:;", "undisclosed: alice@example.com;", "Friends: Alice <alice@example.com>;"] {
            #expect(error(of: parse(value))?.code.name == "from_not_single_mailbox", "\(value)")
        }
    }

    @Test("no From field, or two of them, is refused")
    func fieldCount() {
        let missing = message("To: service@example.com\nSubject: x\n\nbody\n")
        #expect(error(of: FromMailbox.parse(missing))?.code.name == "from_missing")
        let two = message("From: alice@example.com\nFrom: mallory@evil.example\nSubject: x\n\nbody\n")
        #expect(error(of: FromMailbox.parse(two))?.code.name == "from_multiple_fields")
        let twoCases = message("From: alice@example.com\nFROM: alice@example.com\n\nbody\n")
        #expect(error(of: FromMailbox.parse(twoCases))?.code.name == "from_multiple_fields")
    }

    @Test("empty addresses, routes, junk and bad syntax are refused as from_invalid")
    func invalidSyntax() {
        for value in [
            "", "   ", "<>", "Alice <>", "Alice", "alice", "@example.com", "alice@", "alice@@example.com", "alice@example.com>",
            "<alice@example.com", "<@relay.example:alice@example.com>", "<@a.example,@b.example:alice@example.com>",
            "<alice@example.com> junk", "alice@example.com junk", "Alice <alice@example.com> <bob@example.com>",
            "<<alice@example.com>>", "alice..dot@example.com", ".alice@example.com", "alice.@example.com",
            "alice . smith@example.com", "alice@example..com", "alice@-example.com", "alice@example-.com", "alice@example",
            "alice@example.123", "alice@[192.0.2.1]", "alice@exa_mple.com", #""alice"@example.com"#, #""a b"@example.com"#,
            "alice\\@example.com", "\"unterminated <alice@example.com>", "Alice \u{01} <alice@example.com>",
            "alice@" + String(repeating: "a", count: 64) + ".com", String(repeating: "a", count: 65) + "@example.com",
        ] {
            #expect(error(of: parse(value))?.code.name == "from_invalid", "\(value)")
        }
    }

    @Test("non-ASCII addresses are refused as address_not_ascii")
    func nonASCII() {
        for value in ["álice@example.com", "Alice <alice@exämple.com>", "<ålice@example.com>", "alice@例え.jp"] {
            #expect(error(of: parse(value))?.code.name == "address_not_ascii", "\(value)")
        }
    }

    @Test("IDN domains in their xn-- form are fine and lowercased")
    func punycodeDomain() {
        #expect(address("Jörg <joerg@XN--BCHER-KVA.example>") == "joerg@xn--bcher-kva.example")
        #expect(address("<a@xn--r8jz45g.jp>") == "a@xn--r8jz45g.jp")
    }

    @Test("dot-atom local parts with atext specials, CFWS around the @ and obsolete periods in names")
    func permittedForms() throws {
        #expect(address("first.last+tag!#$%&'*/=?^_`{|}~-@sub.example.co.uk") == "first.last+tag!#$%&'*/=?^_`{|}~-@sub.example.co.uk")
        #expect(address("< alice @ example.com >") == "alice@example.com")
        #expect(try parse("John Q. Public <jqp@example.com>").get().displayName == "John Q. Public")
        #expect(address("Alice\t<alice@example.com>\t") == "alice@example.com")
    }

    @Test("EmailAddress.normalize applies the same rules to a bare address")
    func normalize() throws {
        #expect(try EmailAddress.normalize("  Alice@Example.com ").get() == "alice@example.com")
        #expect(error(of: EmailAddress.normalize("álice@example.com"))?.code.name == "address_not_ascii")
        #expect(error(of: EmailAddress.normalize("alice"))?.code.name == "address_invalid")
        #expect(error(of: EmailAddress.normalize("a@b@example.com"))?.code.name == "address_invalid")
        #expect(error(of: EmailAddress.normalize("alice@localhost"))?.code.name == "address_invalid")
    }

    @Test("a From over 2,048 bytes is from_too_long; hostile From and Subject values of 1 MB are read in linear time")
    func linearFromAndSubject() throws {
        let values = [
            String(repeating: "(", count: 1_000_000), String(repeating: "(a)", count: 300_000) + "a@example.com",
            "\"" + String(repeating: "\\\"", count: 300_000), String(repeating: "=?utf-8?q?a?= ", count: 70_000),
            String(repeating: "<", count: 1_000_000), String(repeating: "a.", count: 500_000) + "@example.com",
        ]
        // The slowest value takes 0.5–0.7 s of CPU in a debug build on an idle day.
        for value in values {
            let cpuTime = threadCPUTime {
                _ = FromMailbox.parse(fieldValue: Array(value.utf8))
                _ = EncodedWord.decodeUnstructured(Array(value.utf8))
            }
            #expect(cpuTime < largeInputCPUBound, "\(value.prefix(20))")
        }
        #expect(error(of: FromMailbox.parse(fieldValue: Array(values[5].utf8)))?.code.name == "from_too_long")
        let longest = String(repeating: "a", count: 2048 - 14) + " <a@example.com>"
        #expect(error(of: FromMailbox.parse(fieldValue: Array(longest.utf8)))?.code.name == "from_too_long")
        #expect(try FromMailbox.parse(fieldValue: Array(longest.dropFirst(2).utf8)).get().address == "a@example.com")
        // Within the cap, the From parser's own work is linear too.
        let dots = Array((String(repeating: "a.", count: 1000) + "@example.com").utf8)
        #expect(error(of: FromMailbox.parse(fieldValue: dots))?.code.name == "from_invalid")
    }
}
