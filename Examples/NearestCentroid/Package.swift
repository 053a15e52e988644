// swift-tools-version:6.0
import PackageDescription

/// A classifier plugin for classify: nearest-centroid (Rocchio) classification, and a
/// `classify-centroid` executable that is the whole `classify` command line with it added.
let package = Package(
    name: "classify-centroid",
    products: [
        .library(name: "NearestCentroid", targets: ["NearestCentroid"]),
        .executable(name: "classify-centroid", targets: ["classify-centroid"]),
    ],
    dependencies: [
        .package(name: "classify", path: "../.."),
    ],
    targets: [
        .target(
            name: "NearestCentroid",
            dependencies: [.product(name: "ClassifyKit", package: "classify")]
        ),
        .executableTarget(
            name: "classify-centroid",
            dependencies: [
                "NearestCentroid",
                .product(name: "ClassifyKit", package: "classify"),
                .product(name: "ClassifyCommand", package: "classify"),
            ]
        ),
        .testTarget(
            name: "NearestCentroidTests",
            dependencies: ["NearestCentroid", .product(name: "ClassifyKit", package: "classify")]
        ),
    ]
)
