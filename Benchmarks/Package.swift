// swift-tools-version:6.0
// Orrery benchmarks: a separate package so that benchmark code and its build never
// touch the main package. Build and run from this directory, release only:
//
//     swift run -c release event-loop-bench [--check]
import PackageDescription

let package = Package(
    name: "OrreryBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Orrery", path: "..")
    ],
    targets: [
        // The reference: a minimal 4-ary min-heap in plain C11 (built at -O2 in release).
        .target(name: "CReferenceHeap"),

        // Schedule+pop throughput of the C reference, EventQueue and the Simulation loop.
        .executableTarget(
            name: "event-loop-bench",
            dependencies: [
                "CReferenceHeap",
                .product(name: "OrreryKernel", package: "Orrery"),
            ]),

        // One detailed Llama-3-405B step on 16,384 H100 and 50,000 fast-forwarded steps.
        .executableTarget(
            name: "training-bench",
            dependencies: [
                .product(name: "OrreryTraining", package: "Orrery"),
                .product(name: "OrreryFabric", package: "Orrery"),
                .product(name: "OrreryKernel", package: "Orrery"),
                .product(name: "OrreryHardware", package: "Orrery"),
            ]),

        // 54-day Llama 3 failure scenario, N replications (resilience timeline speed).
        .executableTarget(
            name: "resilience-bench",
            dependencies: [
                .product(name: "OrreryKernel", package: "Orrery"),
                .product(name: "OrreryResilience", package: "Orrery"),
            ]),
        // CFlow at scale: a 16,384-GPU fat tree with 100,000 flows (solve and change times).
        .executableTarget(
            name: "fabric-scale-bench",
            dependencies: [
                .product(name: "OrreryFabric", package: "Orrery"),
                .product(name: "OrreryKernel", package: "Orrery"),
            ]),
        // Consolidating placement on 1,250 nodes: the free-count index against a full scan.
        .executableTarget(
            name: "placement-bench",
            dependencies: [
                .product(name: "OrreryScheduling", package: "Orrery"),
                .product(name: "OrreryHardware", package: "Orrery"),
                .product(name: "OrreryKernel", package: "Orrery"),
            ]),
    ],
    cLanguageStandard: .c11
)
