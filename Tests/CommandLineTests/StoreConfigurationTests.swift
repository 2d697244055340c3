import ChainmailTestSupport
import Foundation
import Testing

/// The `store` section and `signer.rootKeyFile` as `config check` reads them: a PostgreSQL store
/// accepted, each bad value named, mail refused on it, and a root key file that must be there.
@Suite("chainmail config check: the store section and signer.rootKeyFile")
struct StoreConfigurationTests {
    @Test("store kind postgres with url, passwordFile, tls and poolSize is accepted, creating nothing and connecting nowhere")
    func postgresAccepted() async throws {
        let folder = try WorkFolder("chainmail-store-check")
        let password = try folder.write("db.password", "secret\n")
        let file = try folder.write(
            "chainmail.yaml",
            """
            dataDirectory: \(folder.path("data"))
            http:
              port: 0
              serviceMailbox: wallet@example.com
            store:
              kind: postgres
              url: "postgres://chainmail@db.example.com:5432/chainmail"
              passwordFile: \(password)
              tls: require
              poolSize: 100
            """
        )
        let run = try await ChainmailExecutable.run(["config", "check", "--config", file])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "ok: \(file)\n")
        #expect(!FileManager.default.fileExists(atPath: folder.path("data")), "a check creates nothing")

        let sqlite = try folder.write("sqlite.yaml", "http:\n  serviceMailbox: wallet@example.com\nstore: {kind: sqlite}\n")
        let checked = try await ChainmailExecutable.run(["config", "check", "--config", sqlite])
        #expect(checked.status == 0, "\(checked.stderr)")
    }

    @Test("store caFile, a PEM file of CA certificates, is accepted with tls verify-full (given or by default)")
    func caFileAccepted() async throws {
        let folder = try WorkFolder("chainmail-store-check")
        try await PeerProcess.check(["bash", PeerProcess.script("make_test_ca.sh"), folder.path("ca")])
        let caFile = folder.path("ca/tls/ca.crt")
        for tls in ["tls: verify-full", ""] {
            let file = try folder.write(
                "chainmail.yaml",
                """
                dataDirectory: \(folder.path("data"))
                http:
                  serviceMailbox: wallet@example.com
                store:
                  kind: postgres
                  url: "postgres://chainmail@db.example.com:5432/chainmail"
                  caFile: \(caFile)
                  \(tls)
                """
            )
            let run = try await ChainmailExecutable.run(["config", "check", "--config", file])
            #expect(run.status == 0, "\(tls): \(run.stderr)")
        }
    }

    @Test("an unknown store key, a tls word not accepted and a missing kind are each named with their line")
    func decodingProblems() async throws {
        let folder = try WorkFolder("chainmail-store-check")
        let file = try folder.write(
            "chainmail.yaml",
            """
            http:
              serviceMailbox: wallet@example.com
            store:
              kind: postgres
              url: "postgres://chainmail@127.0.0.1/chainmail"
              tls: prefer
              pool: 5
            """
        )
        let run = try await ChainmailExecutable.run(["config", "check", "--config", file])
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("chainmail: \(file):6:8: store.tls: expected one of disable, require, verify-full") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("chainmail: \(file):7:3: unknown setting store.pool") }, "\(lines)")

        let missingKind = try folder.write(
            "kind.yaml",
            """
            http:
              serviceMailbox: wallet@example.com
            store:
              url: "postgres://chainmail@127.0.0.1/chainmail"
            """
        )
        let refused = try await ChainmailExecutable.run(["config", "check", "--config", missingKind])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("\(missingKind):4:3: missing setting store.kind"), "\(refused.stderr)")
    }

    @Test(
        "each unusable store value is named: no url, a url with a password, poolSize 0 and 101, workerLeaseSeconds 2, an unreadable passwordFile, caFile without verify-full or unreadable, postgres settings with sqlite",
        arguments: [
            ("{kind: postgres}", "store.url is required with store.kind postgres"),
            (
                "{kind: postgres, url: \"postgres://chainmail:secret@127.0.0.1/chainmail\"}",
                "\"postgres://chainmail:***@127.0.0.1/chainmail\" holds a password: give it in a password file or $PGPASSWORD instead"
            ),
            ("{kind: postgres, url: \"mysql://chainmail@127.0.0.1/chainmail\"}", "is not postgres://USER@HOST:PORT/DATABASE"),
            ("{kind: postgres, url: \"postgres://chainmail@127.0.0.1/\"}", "names no database"),
            ("{kind: postgres, url: \"postgres://chainmail@127.0.0.1/db\", poolSize: 0}", "store.poolSize 0 is not 1 to 100"),
            ("{kind: postgres, url: \"postgres://chainmail@127.0.0.1/db\", poolSize: 101}", "store.poolSize 101 is not 1 to 100"),
            (
                "{kind: postgres, url: \"postgres://chainmail@127.0.0.1/db\", passwordFile: /nonexistent/db.password}",
                "store.passwordFile: cannot read /nonexistent/db.password"
            ),
            ("{kind: sqlite, url: \"postgres://chainmail@127.0.0.1/db\", poolSize: 5}", "store.url applies only to store.kind postgres"),
            ("{kind: sqlite, tls: disable}", "store.tls applies only to store.kind postgres"),
            ("{kind: postgres, url: \"postgres://chainmail@127.0.0.1/db\", workerLeaseSeconds: 2}", "store.workerLeaseSeconds 2 is not 3 to 600"),
            ("{kind: sqlite, workerLeaseSeconds: 30}", "store.workerLeaseSeconds applies only to store.kind postgres"),
            (
                "{kind: postgres, url: \"postgres://chainmail@127.0.0.1/db\", tls: require, caFile: /etc/ssl/certs/ca-certificates.crt}",
                "store.caFile: invalid_configuration: a CA file (/etc/ssl/certs/ca-certificates.crt) is used only with tls verify-full"
            ),
            (
                "{kind: postgres, url: \"postgres://chainmail@127.0.0.1/db\", caFile: /nonexistent/ca.pem}",
                "store.caFile: tls_ca_file_unreadable: cannot read the CA file /nonexistent/ca.pem"
            ),
            ("{kind: sqlite, caFile: /nonexistent/ca.pem}", "store.caFile applies only to store.kind postgres"),
        ]
    )
    func badValues(store: String, problem: String) async throws {
        let folder = try WorkFolder("chainmail-store-check")
        let file = try folder.write(
            "chainmail.yaml",
            """
            dataDirectory: \(folder.path("data"))
            http:
              serviceMailbox: wallet@example.com
            store: \(store)
            """
        )
        let run = try await ChainmailExecutable.run(["config", "check", "--config", file])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("chainmail: \(file): "), "\(run.stderr)")
        #expect(run.stderr.contains(problem), "\(run.stderr)")
        #expect(!run.stderr.contains("secret"), "a password in the url is not repeated")
    }

    @Test("mail (imap and smtp) on store kind postgres raises no store problem: its workers run under leases")
    func mailAcceptedOnPostgres() async throws {
        let folder = try WorkFolder("chainmail-store-check")
        let file = try folder.write(
            "chainmail.yaml",
            """
            dataDirectory: \(folder.path("data"))
            store: {kind: postgres, url: "postgres://chainmail@127.0.0.1/chainmail"}
            imap:
              host: 127.0.0.1
              username: wallet
              password: secret
            smtp:
              host: 127.0.0.1
            """
        )
        let run = try await ChainmailExecutable.run(["config", "check", "--config", file])
        #expect(!run.stderr.contains("store"), "\(run.stderr)")
    }

    @Test("signer.rootKeyFile must name a readable root key (root_key_missing otherwise) and is only for the local signer")
    func rootKeyFileChecked() async throws {
        let folder = try WorkFolder("chainmail-store-check")
        let missing = folder.path("missing.key")
        let file = try folder.write(
            "chainmail.yaml",
            """
            dataDirectory: \(folder.path("data"))
            http:
              serviceMailbox: wallet@example.com
            signer:
              rootKeyFile: \(missing)
            """
        )
        let run = try await ChainmailExecutable.run(["config", "check", "--config", file])
        #expect(run.status == 1)
        #expect(run.stderr.contains("signer.rootKeyFile: root_key_missing: there is no root key at \(missing)"), "\(run.stderr)")

        // An open file is refused as the data directory's would be.
        try await ChainmailExecutable.check(["init", "--data-dir", folder.path("keys")])
        let open = folder.path("open.key")
        try FileManager.default.copyItem(atPath: folder.path("keys/signer/root.key"), toPath: open)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: open)
        let openFile = try folder.write(
            "open.yaml",
            "dataDirectory: \(folder.path("data"))\nhttp:\n  serviceMailbox: wallet@example.com\nsigner:\n  rootKeyFile: \(open)\n"
        )
        let refused = try await ChainmailExecutable.run(["config", "check", "--config", openFile])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("signer.rootKeyFile: root_key_permissions: \(open) has mode 644"), "\(refused.stderr)")

        let good = try folder.write(
            "good.yaml",
            "dataDirectory: \(folder.path("data"))\nhttp:\n  serviceMailbox: wallet@example.com\nsigner:\n  rootKeyFile: \(folder.path("keys/signer/root.key"))\n"
        )
        let accepted = try await ChainmailExecutable.run(["config", "check", "--config", good])
        #expect(accepted.status == 0, "\(accepted.stderr)")

        let remote = try folder.write(
            "remote.yaml",
            "dataDirectory: \(folder.path("data"))\nhttp:\n  serviceMailbox: wallet@example.com\nsigner:\n  kind: near-mpc\n  rootKeyFile: \(folder.path("keys/signer/root.key"))\n"
        )
        let notLocal = try await ChainmailExecutable.run(["config", "check", "--config", remote])
        #expect(notLocal.status == 1)
        #expect(
            notLocal.stderr.contains("signer.rootKeyFile is the local signer's root secret: give it only with signer.kind local"),
            "\(notLocal.stderr)"
        )
    }
}
