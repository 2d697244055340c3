import DKIMVerifier
import Foundation
import Testing

@testable import MailIngest

/// Messages built by Python's standard `email` package (scripts/peers/make_mime.py), not by hand.
@Suite("Messages produced by Python's email package")
struct PythonProducedMessageTests {
    private static let transaction =
        #"{"accountId":"alice","nonce":7,"actions":[{"type":"CallChainSig","args":{"payload":"c2ee0e7a2b1f5b6ad1b4b5b7a9f1d36a8f3e0f5bb9e0c6f1d2a3b4c5d6e7f809","keyVersion":0,"path":"ethereum,1"}},{"type":"AddKey","authIdentity":{"type":"PubKey","value":"evm:0x5b38da6a701c568545dcfcb03fcb875f56beddc4"}}]}"#
    private static let target =
        #"{"type":"OIDC","value":{"issuer":"https://accounts.google.com","clientId":"l2109ufdshf8sdhjf","email":"alice@gmail.com"}}"#
    private static let mailText =
        "Hello — please sign.\nauth-target: \(target)\n-----BEGIN CHAINMAIL TRANSACTION-----\n\(transaction)\n-----END CHAINMAIL TRANSACTION-----\nZoë\n"

    private func json(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    private func make(_ spec: [String: Any]) async throws -> ParsedMessage {
        ParsedMessage(try await PythonMIMEPeer.make(try json(spec)))
    }

    @Test(
        "EmailMessage.set_content in every transfer encoding: the text and its block come back exactly",
        arguments: ["quoted-printable", "base64", "8bit"]
    )
    func setContent(cte: String) async throws {
        let parsed = try await make([
            "email_message": [
                "headers": [["From", "Alice <alice@gmail.com>"], ["Subject", "Approve"]],
                "text": Self.mailText, "charset": "utf-8", "cte": cte,
            ]
        ])
        let text = try TextBody.extract(parsed).get()
        #expect(text == Self.mailText)
        let block = try #require(try TransactionBlock.find(in: text).get())
        #expect(block.transactionJSON == Self.transaction)
        #expect(block.authTargetJSON == Self.target)
    }

    @Test("webmail shape: text and HTML alternatives plus attachments (multipart/mixed > multipart/alternative)")
    func webmailShape() async throws {
        let parsed = try await make([
            "email_message": [
                "headers": [["From", "alice@example.com"], ["Subject", "x"]],
                "text": Self.mailText,
                "html": "<p>-----BEGIN CHAINMAIL TRANSACTION-----</p>",
                "attachments": [
                    [
                        "type": "text/plain", "data_base64": Data("-----BEGIN CHAINMAIL TRANSACTION-----\n".utf8).base64EncodedString(),
                        "filename": "notes.txt",
                    ],
                    ["type": "application/pdf", "data_base64": "JVBERi0xLjQK", "filename": "résumé.pdf"],
                ],
            ]
        ])
        let root = try MIMEEntity.parse(parsed).get()
        #expect(root.contentType.subtype == "mixed")
        #expect(root.children.count == 3)
        #expect(root.children[0].contentType.subtype == "alternative")
        #expect(root.children[1].isAttachment)
        #expect(try TextBody.extract(parsed).get() == Self.mailText)
    }

    @Test(
        "legacy charsets through MIMEText: ISO-8859-1 and Windows-1252 in QP and base64",
        arguments: [
            ("iso-8859-1", "quoted-printable", "Grüße aus Köln, café\n"),
            ("iso-8859-1", "base64", "Ça coûte très cher\n"),
            ("windows-1252", "quoted-printable", "Prix : 10 € – “ok” …\n"),
            ("windows-1252", "base64", "€€€ Œuvre ‰\n"),
            ("us-ascii", "7bit", "plain ascii\n"),
        ]
    )
    func legacyCharsets(charset: String, cte: String, text: String) async throws {
        let parsed = try await make([
            "headers": [["From", "a@example.com"]],
            "body": [
                "type": "multipart/alternative",
                "parts": [
                    ["type": "text/plain", "text": text, "charset": charset, "cte": cte],
                    ["type": "text/html", "text": "<p>x</p>"],
                ], "preamble": "preamble text\n-----BEGIN CHAINMAIL TRANSACTION-----", "epilogue": "epilogue",
            ],
        ])
        #expect(try TextBody.extract(parsed).get() == text)
    }

    @Test("nested multipart/mixed with a forwarded message and an attachment before the body")
    func nested() async throws {
        let parsed = try await make([
            "headers": [["From", "a@example.com"]],
            "body": [
                "type": "multipart/mixed",
                "parts": [
                    ["type": "text/plain", "text": "attached\n", "disposition": "attachment", "filename": "a.txt"],
                    [
                        "type": "message/rfc822",
                        "message": ["headers": [["Subject", "fwd"]], "body": ["type": "text/plain", "text": "forwarded\n"]],
                    ],
                    [
                        "type": "multipart/related",
                        "parts": [
                            [
                                "type": "multipart/alternative",
                                "parts": [
                                    ["type": "text/html", "text": "<p>x</p>"],
                                    ["type": "text/plain", "text": "the body\n", "charset": "utf-8", "cte": "base64", "params": ["format": "fixed"]],
                                ],
                            ],
                            ["type": "image/png", "data_base64": "iVBORw0KGgo=", "disposition": "inline", "filename": "logo.png"],
                        ],
                    ],
                ],
            ],
        ])
        #expect(try TextBody.extract(parsed).get() == "the body\n")
    }

    @Test(
        "From built by formataddr: names with commas, quotes and encoded-words read as Python reads them",
        arguments: [
            ("Liddell, Alice", "Alice@Example.com", "utf-8"),
            (#"Alice "Ally" Liddell"#, "alice@example.com", "utf-8"),
            ("Zoë Ünicode-Ñame, Jr.", "zoe@xn--bcher-kva.example", "utf-8"),
            ("Frédéric Chopin", "fc@example.org", "iso-8859-1"),
            ("alice@example.com", "mallory@evil.example", "utf-8"),
        ]
    )
    func fromHeader(name: String, address: String, charset: String) async throws {
        let bytes = try await PythonMIMEPeer.make(
            try json([
                "headers": [["From", ["name": name, "addr": address, "charset": charset]], ["Message-ID", "<python.1@example.org>"]],
                "body": ["type": "text/plain", "text": "x\n"],
            ])
        )
        let parsed = ParsedMessage(bytes)
        let mailbox = try FromMailbox.parse(parsed).get()
        #expect(mailbox == Mailbox(displayName: name, address: address.lowercased()))
        let python = try await PythonMIMEPeer.readHeaders(bytes)
        #expect(python.from.map { $0.addr_spec.lowercased() } == [mailbox.address])
        #expect(python.from.map(\.display_name) == [mailbox.displayName ?? ""])
        #expect(MailHeaders.messageID(parsed) == "<python.1@example.org>")
    }

    @Test(
        "Subject encoded by Python's modern policy decodes as Python decodes it and still holds the txHash",
        arguments: [
            "Approve bf6baaf3357ea09424e02d48e70066b3b3c34783b5139310c9b7375f7a4dc8d6",
            "Approve bf6baaf3357ea09424e02d48e70066b3b3c34783b5139310c9b7375f7a4dc8d6 — " + String(repeating: "très long sujet ", count: 6),
            "Überweisung: bf6baaf3357ea09424e02d48e70066b3b3c34783b5139310c9b7375f7a4dc8d6 (€ 10, 日本語)",
        ]
    )
    func subjectHeader(subject: String) async throws {
        let bytes = try await PythonMIMEPeer.make(
            try json(["email_message": ["headers": [["From", "a@example.com"], ["Subject", subject]], "text": "x\n"]])
        )
        let decoded = try MailHeaders.subject(ParsedMessage(bytes)).get()
        let python = try #require(try await PythonMIMEPeer.readHeaders(bytes).subject)
        #expect(decoded == python.trimmingCharacters(in: .whitespaces))
        #expect(MailHeaders.containsTxHash(decoded, "BF6BAAF3357EA09424E02D48E70066B3B3C34783B5139310C9B7375F7A4DC8D6"))
        #expect(MailHeaders.txHashCandidates(in: decoded) == ["bf6baaf3357ea09424e02d48e70066b3b3c34783b5139310c9b7375f7a4dc8d6"])
    }

    @Test("a short ISO-8859-1 Subject from email.header.Header (Q encoding)")
    func latin1Subject() async throws {
        let bytes = try await PythonMIMEPeer.make(
            try json(["headers": [["Subject", ["text": "Café à Noël", "charset": "iso-8859-1"]]], "body": ["type": "text/plain", "text": "x\n"]])
        )
        #expect(try MailHeaders.subject(ParsedMessage(bytes)).get() == "Café à Noël")
    }

    @Test("format=flowed set by Python is unflowed")
    func flowedFromPython() async throws {
        let parsed = try await make([
            "headers": [["From", "a@example.com"]],
            "body": ["type": "text/plain", "text": "one \ntwo\n", "charset": "utf-8", "cte": "quoted-printable", "params": ["format": "flowed"]],
        ])
        #expect(try TextBody.extract(parsed).get() == "one two\n")
    }
}
