// swift-tools-version:6.1
// Micro-benchmarks of ClassifyKit on ordo-one/benchmark, in their own package so that the
// project's `swift test` does not build them. Run: `cd Benchmarks && swift package benchmark`.
import PackageDescription

let package = Package(
    name: "ClassifyBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "classify", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ClassifyBenchmarks",
            dependencies: [
                .product(name: "ClassifyKit", package: "classify"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ClassifyBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
