// swift-tools-version:6.2
import PackageDescription

// The benchmarks are a separate package so that the root package, its tests and CI never build them.
// Run them with `Benchmarks/run.sh`, or `swift run -c release ai2ai-bench all` from this folder.
let package = Package(
    name: "AI2AIBenchmarks",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ai2ai-bench", targets: ["AI2AIBench"])
    ],
    dependencies: [
        .package(name: "AI2AI", path: ".."),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .executableTarget(
            name: "AI2AIBench",
            dependencies: [
                .product(name: "AI2AI", package: "AI2AI"),
                .product(name: "AI2AITesting", package: "AI2AI"),
                .product(name: "AI2AIPostgres", package: "AI2AI"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        )
    ]
)

for target in package.targets where [.executable, .regular].contains(target.type) {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    settings.append(.enableUpcomingFeature("NonisolatedNonsendingByDefault"))
    settings.append(.treatAllWarnings(as: .error))
    target.swiftSettings = settings
}
