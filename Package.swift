// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "SegmentOps",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "segmentops", targets: ["segmentops"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // libcurl, the C library, through static inline typed shims (see shim.h).
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // Pure model math: schema, softmax regression, L-BFGS, metrics, PSI binning, Wilson intervals. No I/O.
        // Optimised in debug builds too: its four-lane SIMD kernels are 100× slower unoptimised, and the tests train
        // and score thousands of models.
        .target(name: "SegmentModel", swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // Deterministic synthetic observations in the data contract.
        .target(name: "Simulation", dependencies: ["SegmentModel"]),
        // segmentops.yaml: every field defaulted, unknown keys rejected.
        .target(name: "SegmentConfig", dependencies: [
            "SegmentModel",
            .product(name: "Yams", package: "Yams"),
        ]),
        // The SQLite file: migrations, observations, registry, audit chain, monitor runs, alerts, outbox.
        .target(name: "SegmentStore", dependencies: [
            "SegmentModel", "SegmentConfig",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The same store on a PostgreSQL server shared by several hosts: migrations, transactions, COPY ingest,
        // leader election and production-change notifications.
        .target(name: "PostgresStore", dependencies: [
            "SegmentModel", "SegmentConfig", "SegmentStore",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Window rule, fitting, holdout metrics, artifact, registration.
        .target(name: "Training", dependencies: ["SegmentModel", "SegmentConfig", "SegmentStore"]),
        // Drift (PSI) and model drift (evaluation, guardrails), monitor history.
        .target(name: "Monitoring", dependencies: ["SegmentModel", "SegmentConfig", "SegmentStore"]),
        // The fair-lending audit: adverse impact per segment and group, error parity, proxy scan, the
        // less-discriminatory alternative.
        .target(name: "Fairness", dependencies: ["SegmentModel", "SegmentConfig", "SegmentStore", "Training"]),
        // Promotion gates, guarded promotion, automatic rollback.
        .target(name: "Release", dependencies: ["SegmentModel", "SegmentConfig", "SegmentStore", "Monitoring", "Fairness"]),
        // Alert rules, state machine, durable outbox, libcurl delivery, receiver formats.
        .target(name: "Alerting", dependencies: [
            "CCurl", "SegmentModel", "SegmentConfig", "SegmentStore", "Monitoring",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Confirmed segments with hysteresis, the change feed and its delivery, stability, treatment.
        .target(name: "Segments", dependencies: [
            "SegmentModel", "SegmentConfig", "SegmentStore", "Alerting",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // HTTP API, Prometheus metrics and the read-only web console (server-side HTML, SVG charts).
        .target(name: "API", dependencies: [
            "SegmentModel", "SegmentConfig", "SegmentStore", "Training", "Monitoring", "Release", "Alerting", "Segments",
            "Fairness",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Scheduler, nightly job, replay, demo: the composition root.
        .target(name: "Supervisor", dependencies: [
            "SegmentModel", "SegmentConfig", "SegmentStore", "Simulation", "Training", "Monitoring", "Release",
            "Alerting", "Segments", "API", "Fairness", "PostgresStore",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The command tree (argument-parser), a library so tests parse runbook commands with the real CLI.
        .target(name: "SegmentOpsCLI", dependencies: [
            "SegmentModel", "SegmentConfig", "SegmentStore", "Simulation", "Training", "Monitoring", "Release",
            "Alerting", "Segments", "API", "Supervisor", "Fairness", "PostgresStore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "segmentops", dependencies: ["SegmentOpsCLI"]),

        .testTarget(name: "SegmentOpsTests", dependencies: [
            "SegmentModel", "Simulation", "SegmentConfig", "SegmentStore", "Training", "Monitoring", "Release",
            "Alerting", "Segments", "API", "Supervisor", "SegmentOpsCLI", "Fairness", "PostgresStore",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
