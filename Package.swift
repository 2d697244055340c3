// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "chainmail",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "chainmail", targets: ["chainmail"]),
        .library(name: "DKIMVerifier", targets: ["DKIMVerifier"]),
        .library(name: "AccountEngine", targets: ["AccountEngine"]),
        .library(name: "ChainSigner", targets: ["ChainSigner"]),
        .library(name: "NEARMPCSigner", targets: ["NEARMPCSigner"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/attaswift/BigInt.git", from: "6.0.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", exact: "5.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // The error codes every module reports, each with its category (docs/PROTOCOL.md section 7).
        .target(name: "ErrorCodes"),
        // Hex, base64 and base58, decoded one way everywhere.
        .target(name: "ByteEncoding"),
        .systemLibrary(
            name: "CUnbound",
            pkgConfig: "libunbound",
            providers: [.apt(["libunbound-dev", "libevent-dev"])]
        ),
        .systemLibrary(
            name: "CSecp256k1",
            pkgConfig: "libsecp256k1",
            providers: [.apt(["libsecp256k1-dev"])]
        ),
        .systemLibrary(
            name: "CEtPan",
            pkgConfig: "libetpan",
            providers: [.apt(["libetpan-dev"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(
            name: "DKIMVerifier",
            dependencies: [
                "ErrorCodes",
                "ByteEncoding",
                "CUnbound",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "BigInt", package: "BigInt"),
            ]
        ),
        .target(
            name: "ChainSigner",
            dependencies: [
                "ErrorCodes",
                "ByteEncoding",
                "CSecp256k1",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Chain transactions (PROTOCOL.md section 8): EVM (RLP, EIP-1559, EIP-55, ERC-20, chains and
        // token lists, JSON-RPC, the broadcaster), Bitcoin (BIP-174 PSBT, BIP-143) and the approval's words (8.3).
        .target(
            name: "ChainTransactions",
            dependencies: [
                "ErrorCodes",
                "ByteEncoding",
                "ChainSigner",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // NEAR JSON-RPC, borsh, NEAR transactions and ed25519 key files: for the near-mpc signer
        // and the `Account` identity.
        .target(
            name: "NEARClient",
            dependencies: [
                "ErrorCodes",
                "ByteEncoding",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The `near-mpc` signer: chain signatures from NEAR's MPC contract, sent as NEAR
        // transactions by the predecessor account and checked against the pinned root key.
        .target(
            name: "NEARMPCSigner",
            dependencies: [
                "ErrorCodes",
                "ChainSigner",
                "NEARClient",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "AccountEngine",
            dependencies: [
                "ChainTransactions",
                "ErrorCodes",
                "ByteEncoding",
                "ChainSigner",
                // The `Account` identity's access-key lookup over NEAR RPC (NEARRPCClient).
                "NEARClient",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The account store on PostgreSQL (docs/DESIGN.md): the same protocols as SQLiteAccountStore,
        // for several instances sharing one database.
        .target(
            name: "PostgresStore",
            dependencies: [
                "AccountEngine",
                "MailIngest",
                "ChainTransactions",
                "ErrorCodes",
                // Reading a SQLite store to copy it into PostgreSQL (`chainmail store migrate`).
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Operational metrics in one Prometheus registry: counted by the mail pipeline, the IMAP
        // poller, the SMTP replier and the HTTP API, printed by GET /metrics.
        .target(
            name: "ChainmailMetrics",
            dependencies: [
                "AccountEngine",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .target(
            name: "MailIngest",
            dependencies: [
                "ErrorCodes",
                "ByteEncoding",
                "DKIMVerifier",
                "AccountEngine",
                "ChainTransactions",
                "ChainmailMetrics",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // IMAP polling and SMTP sending over libetpan, TLS by OpenSSL: feeds MailIngest's pipeline
        // and drains its outbox, so MailIngest stays pure Swift.
        .target(
            name: "MailTransport",
            dependencies: [
                "ErrorCodes",
                "MailIngest",
                "ChainmailMetrics",
                "CEtPan",
                "COpenSSL",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "HTTPAPI",
            dependencies: [
                "ErrorCodes",
                "AccountEngine",
                "ChainSigner",
                "ChainTransactions",
                "MailIngest",
                "ChainmailMetrics",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "chainmail",
            dependencies: [
                "ChainTransactions",
                "ErrorCodes",
                "DKIMVerifier",
                "AccountEngine",
                "ChainSigner",
                "MailIngest",
                "MailTransport",
                "ChainmailMetrics",
                "HTTPAPI",
                "NEARClient",
                "NEARMPCSigner",
                "PostgresStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "dkim-bench",
            dependencies: ["DKIMVerifier"],
            path: "Benchmarks/DKIMBenchmark"
        ),
        .executableTarget(
            name: "engine-bench",
            dependencies: ["AccountEngine", "ChainSigner", "CSecp256k1"],
            path: "Benchmarks/EngineBenchmark"
        ),
        // The near-mpc signer through the NEAR RPC and MPC stand-in with a simulated 1 s finality
        // (`make bench-signer`): signatures per second and latency at concurrency 1, 8 and 32.
        .executableTarget(
            name: "signer-bench",
            dependencies: [
                "ChainmailTestSupport",
                "ChainSigner",
                "NEARMPCSigner",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/SignerBenchmark"
        ),
        // The email pipeline in process against its parts alone (Benchmarks/mail/run.sh, `make bench-mail`).
        .executableTarget(
            name: "mail-bench",
            dependencies: [
                "AccountEngine",
                "ChainSigner",
                "DKIMVerifier",
                "MailIngest",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/MailBenchmark"
        ),
        // libFuzzer targets (docs/fuzzing.md, `make fuzz`): the harnesses, shared with the regression tests,
        // and one executable per target. A normal build makes each a replayer of the files it is given; the
        // fuzz build (scripts/fuzz.sh) adds -DFUZZING -sanitize=fuzzer,address.
        .target(
            name: "ChainmailFuzz",
            dependencies: ["DKIMVerifier", "MailIngest", "AccountEngine", "ChainTransactions", "ByteEncoding"],
            path: "Fuzz/Harnesses"
        ),
        .executableTarget(name: "fuzz-dkim", dependencies: ["ChainmailFuzz"], path: "Fuzz/DKIM"),
        .executableTarget(name: "fuzz-headers", dependencies: ["ChainmailFuzz"], path: "Fuzz/Headers"),
        .executableTarget(name: "fuzz-mime", dependencies: ["ChainmailFuzz"], path: "Fuzz/MIME"),
        .executableTarget(name: "fuzz-block", dependencies: ["ChainmailFuzz"], path: "Fuzz/Block"),
        .executableTarget(name: "fuzz-json", dependencies: ["ChainmailFuzz"], path: "Fuzz/JSON"),
        .executableTarget(name: "fuzz-psbt", dependencies: ["ChainmailFuzz"], path: "Fuzz/PSBT"),
        // The test targets' shared helpers: where the package and its testdata are, running the
        // independent peers of scripts/peers (Dovecot, the SMTP sink), the wallets, passkeys and
        // OIDC provider they hold, and a real mail pipeline over a fixture folder.
        .target(
            name: "ChainmailTestSupport",
            dependencies: [
                "AccountEngine", "ChainSigner", "DKIMVerifier", "MailIngest", "MailTransport", "CChildProcess", "NEARClient", "NEARMPCSigner",
                "PostgresStore", "ByteEncoding", .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/ChainmailTestSupport"
        ),
        // The glibc extensions (closefrom and chdir for posix_spawn, pipe2) that ChildProcess, the
        // tests' own way of starting programs, needs and Swift's Glibc module does not declare.
        .target(name: "CChildProcess", path: "Tests/CChildProcess"),
        .testTarget(
            name: "DKIMVerifierTests",
            dependencies: ["DKIMVerifier", "ChainmailTestSupport", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "MailIngestTests",
            dependencies: [
                "MailIngest", "AccountEngine", "ChainSigner", "ChainTransactions", "ByteEncoding", "DKIMVerifier", "ErrorCodes",
                "ChainmailTestSupport",
                "PostgresStore",
                "ChainmailFuzz",
            ]
        ),
        .testTarget(
            name: "MailTransportTests",
            dependencies: [
                "MailTransport",
                "PostgresStore",
                "ChainTransactions",
                "ChainSigner",
                "ByteEncoding",
                "MailIngest",
                "AccountEngine",
                "ChainmailTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The chainmail executable run as an operator would (.build/debug/chainmail through ProcessRunner):
        // configuration errors, config check, init and the root key, the instance lock, logs, file modes,
        // store migrate (a SQLite store built through AccountEngine and the mail ledger, copied into PostgreSQL).
        .testTarget(
            name: "CommandLineTests",
            // PostgresStore: store migrate's target, and the database the scale benchmark's instances share.
            dependencies: [
                "ChainmailTestSupport", "AccountEngine", "ChainSigner", "MailIngest", "PostgresStore", "ErrorCodes",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "ChainSignerTests", dependencies: ["ChainSigner", "ByteEncoding", "ChainmailTestSupport"]),
        .testTarget(
            name: "ChainTransactionsTests",
            dependencies: [
                "ChainTransactions",
                "ChainSigner",
                // libsecp256k1's own DER parser and verifier check the Bitcoin signatures independently.
                "CSecp256k1",
                "ByteEncoding",
                "ErrorCodes",
                "ChainmailTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "ByteEncodingTests", dependencies: ["ByteEncoding"]),
        .testTarget(
            name: "NEARClientTests",
            dependencies: [
                "NEARClient",
                "ByteEncoding",
                "ErrorCodes",
                "ChainmailTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "NEARMPCSignerTests",
            dependencies: [
                "NEARMPCSigner",
                "NEARClient",
                "ChainSigner",
                "ByteEncoding",
                "ErrorCodes",
                "ChainmailTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "AccountEngineTests",
            dependencies: [
                "ChainmailTestSupport",
                "AccountEngine",
                "PostgresStore",
                "ChainTransactions",
                "NEARClient",
                "NEARMPCSigner",
                "ByteEncoding",
                "ChainSigner",
                "ErrorCodes",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            // A release test build (make bench-http, make bench-scale) crashes Swift 6.3.1's
            // optimiser (LLVM CoroSplit, signal 11) on a closure of BroadcasterTests.confirmed:
            // these tests are built unoptimised in release too.
            swiftSettings: [.unsafeFlags(["-Onone"], .when(configuration: .release))]
        ),
        .testTarget(
            name: "HTTPAPITests",
            dependencies: [
                "ChainmailTestSupport",
                "HTTPAPI",
                "ChainTransactions",
                "AccountEngine",
                "ChainSigner",
                "ChainmailMetrics",
                "MailIngest",
                "MailTransport",
                "DKIMVerifier",
                "ErrorCodes",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
