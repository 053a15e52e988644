// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "classify",
    products: [
        /// The library: corpora, features, classifiers, training, evaluation, model files.
        .library(name: "ClassifyKit", targets: ["ClassifyKit"]),
        /// The `classify` command line as a library, for plugin packages' executables.
        .library(name: "ClassifyCommand", targets: ["ClassifyCommand"]),
        /// The HTTP classification service of `classify serve`.
        .library(name: "ClassifyService", targets: ["ClassifyService"]),
        .executable(name: "classify", targets: ["classify"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // System CBLAS: Debian's libblas-dev (reference BLAS) or libopenblas-dev, which takes
        // over the same libblas.so.3 through update-alternatives.
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "blas",
            providers: [.apt(["libblas-dev"])]
        ),
        .target(
            name: "ClassifyKit",
            dependencies: ["CBLAS"]
        ),
        .target(
            name: "ClassifyService",
            dependencies: [
                "ClassifyKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .target(
            name: "ClassifyCommand",
            dependencies: [
                "ClassifyKit",
                "ClassifyService",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "classify",
            dependencies: ["ClassifyCommand"]
        ),
        .testTarget(
            name: "ClassifyKitTests",
            dependencies: ["ClassifyKit"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ClassifyServiceTests",
            dependencies: [
                "ClassifyKit", "ClassifyService",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ClassifyCommandTests",
            dependencies: ["ClassifyKit", "ClassifyCommand"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
