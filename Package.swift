// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "classify",
    products: [
        .library(name: "ClassifyKit", targets: ["ClassifyKit"]),
        .executable(name: "classify", targets: ["ClassifyCLI"]),
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
        .executableTarget(
            name: "ClassifyCLI",
            dependencies: [
                "ClassifyKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ClassifyKitTests",
            dependencies: ["ClassifyKit"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ClassifyCLITests",
            dependencies: ["ClassifyKit"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
