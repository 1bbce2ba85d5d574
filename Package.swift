// swift-tools-version:6.2
import PackageDescription

/// Extra compiler checks that use unsafe flags. They are on only when `AI2AI_STRICT=1` is set
/// (CI sets it), so that a package depending on AI2AI never sees unsafe flags.
let strictChecks = Context.environment["AI2AI_STRICT"] == "1"

let package = Package(
    name: "AI2AI",
    platforms: [.macOS(.v15), .iOS(.v18)],
    products: [
        .library(name: "AI2AI", targets: ["AI2AI"]),
        .library(name: "AI2AICore", targets: ["AI2AICore"]),
        .library(name: "AI2AIStorage", targets: ["AI2AIStorage"]),
        .library(name: "AI2AIProviders", targets: ["AI2AIProviders"]),
        .library(name: "AI2AIOrchestrator", targets: ["AI2AIOrchestrator"]),
        .library(name: "AI2AITesting", targets: ["AI2AITesting"]),
        // PostgreSQL for many processes on one database; not part of the `AI2AI` umbrella, so that
        // SQLite-only users never build it.
        .library(name: "AI2AIPostgres", targets: ["AI2AIPostgres"]),
        .executable(name: "ai2ai", targets: ["AI2AICLI"]),
        .executable(name: "ai2ai-server", targets: ["AI2AIServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Already in the graph through Hummingbird; declared because the server names its types.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // MARK: Library
        .target(name: "AI2AICore"),
        .target(
            name: "AI2AIStorage",
            dependencies: [
                "AI2AICore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "AI2AIProviders",
            dependencies: [
                "AI2AICore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // Names the errors of a connection that cannot be made (NIOConnectionError).
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .target(
            name: "AI2AIOrchestrator",
            dependencies: [
                "AI2AICore",
                "AI2AIStorage",
                "AI2AIProviders",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "AI2AIPostgres",
            dependencies: [
                "AI2AICore",
                "AI2AIStorage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .target(
            name: "AI2AI",
            dependencies: ["AI2AICore", "AI2AIStorage", "AI2AIProviders", "AI2AIOrchestrator"]
        ),
        .target(
            name: "AI2AITesting",
            dependencies: [
                "AI2AI",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),

        // MARK: Examples
        .executableTarget(
            name: "AI2AICLI",
            dependencies: [
                "AI2AI",
                "AI2AIPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Examples/CLI"
        ),
        .executableTarget(
            name: "AI2AIServer",
            dependencies: [
                "AI2AI",
                "AI2AIPostgres",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Examples/Server"
        ),

        // MARK: Tests
        .testTarget(name: "AI2AICoreTests", dependencies: ["AI2AICore"]),
        .testTarget(
            name: "AI2AIStorageTests",
            dependencies: ["AI2AIStorage", "AI2AITesting", .product(name: "GRDB", package: "GRDB.swift")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "AI2AIPostgresTests",
            dependencies: [
                "AI2AIPostgres", "AI2AITesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "AI2AIProvidersTests",
            dependencies: [
                "AI2AIProviders", "AI2AITesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "AI2AIOrchestratorTests",
            dependencies: [
                "AI2AIOrchestrator", "AI2AITesting",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "AI2AIServer", "AI2AIPostgres", "AI2AITesting",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "CLITests", dependencies: ["AI2AICLI", "AI2AITesting"]),
    ]
)

for target in package.targets where [.executable, .test, .regular].contains(target.type) {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    settings.append(.enableUpcomingFeature("NonisolatedNonsendingByDefault"))
    settings.append(.treatAllWarnings(as: .error))
    if strictChecks {
        settings.append(.unsafeFlags(["-Xfrontend", "-require-explicit-sendable"]))
    }
    target.swiftSettings = settings
}
