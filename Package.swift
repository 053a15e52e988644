// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "classify",
    products: [
        /// The library: corpora, features, classifiers, training, evaluation, model files.
        .library(name: "ClassifyKit", targets: ["ClassifyKit"]),
        /// The `classify` command line as a library, for plugin packages' executables.
        .library(name: "ClassifyCommand", targets: ["ClassifyCommand"]),
        .executable(name: "classify", targets: ["classify"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
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
            name: "ClassifyCommand",
            dependencies: [
                "ClassifyKit",
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
            name: "ClassifyCommandTests",
            dependencies: ["ClassifyKit", "ClassifyCommand"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
