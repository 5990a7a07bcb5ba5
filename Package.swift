// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "layerclone",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "layerclone", targets: ["layerclone"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .executableTarget(
            name: "layerclone",
            dependencies: [
                "LayerCloneCore", "CommerceLayerAPI", "ResourceCatalog", "Staging", "Sandbox", "Benchmarks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "LayerCloneCore",
            dependencies: [
                "CommerceLayerAPI", "ResourceCatalog", "Staging",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Benchmarks (`layerclone bench …`, `sandbox bench`): not part of any product module.
        .target(
            name: "Benchmarks",
            dependencies: [
                "LayerCloneCore", "CommerceLayerAPI", "ResourceCatalog", "Staging", "Sandbox",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "CommerceLayerAPI",
            dependencies: [
                "ResourceCatalog", "ZlibStream",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "ResourceCatalog",
            exclude: ["generate_catalog.py"]
        ),
        .target(
            name: "Staging",
            dependencies: [
                "ResourceCatalog", "ZlibStream",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "Sandbox",
            dependencies: [
                "ResourceCatalog", "ZlibStream",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "ZlibStream", dependencies: ["CZlib"]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .testTarget(name: "ResourceCatalogTests", dependencies: ["ResourceCatalog"]),
        .testTarget(name: "ZlibStreamTests", dependencies: ["ZlibStream"]),
        .testTarget(name: "StagingTests", dependencies: ["Staging", "ResourceCatalog"]),
        .testTarget(
            name: "BenchmarksTests",
            dependencies: ["Benchmarks", "LayerCloneCore", "Sandbox", "Staging", "ResourceCatalog"]),
        .testTarget(
            name: "SandboxTests",
            dependencies: [
                "Sandbox", "ResourceCatalog", "LayerCloneTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // Parses the README's command lines with the executable's own parser, and runs commands
        // in-process (`LayerClone.run(_:in:)`) against a sandbox of their own.
        .testTarget(
            name: "LayerCloneCLITests",
            dependencies: [
                "layerclone", "CommerceLayerAPI", "Sandbox", "LayerCloneTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]),
        // Helpers more than one test target uses (servers of the tests' own).
        .target(
            name: "LayerCloneTestSupport",
            dependencies: [
                "ResourceCatalog", "Sandbox", "CommerceLayerAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Tests/LayerCloneTestSupport"),
        .testTarget(
            name: "CommerceLayerAPITests", dependencies: ["CommerceLayerAPI", "Sandbox", "LayerCloneTestSupport"]),
        // Golden files are read by path (and rewritten with LAYERCLONE_UPDATE_GOLDEN=1), and so
        // are fixtures (a run folder an earlier version wrote).
        .testTarget(
            name: "LayerCloneCoreTests", dependencies: ["LayerCloneCore", "Sandbox", "LayerCloneTestSupport"],
            exclude: ["Golden", "Fixtures"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "LayerCloneCore", "Sandbox", "CommerceLayerAPI", "Staging", "ResourceCatalog", "LayerCloneTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            // Seeder folders read by path (`SeederDemoStoreTests`).
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
