// swift-tools-version:6.0
// Orrery: a discrete-event simulator of AI clusters.
//
// Layers (dependencies point down only):
//   orrery (executable) → OrreryCLI
//   OrreryCLI → OrreryScenario, OrreryResults (and the models whose records it converts to rows)
//   OrreryScenario → models (OrreryScheduling, OrreryHardware, OrreryFabric) → OrreryKernel → CGSL
//   OrreryResults → OrreryKernel, model event types, CSQLite3
import PackageDescription

/// Invariant checks (heap order, allocation bookkeeping) compiled into debug builds only.
var checks: [SwiftSetting] {
    [.define("ORRERY_INTERNAL_CHECKS", .when(configuration: .debug))]
}

let package = Package(
    name: "Orrery",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "orrery", targets: ["orrery"]),
        .library(name: "OrreryKernel", targets: ["OrreryKernel"]),
        .library(name: "OrreryHardware", targets: ["OrreryHardware"]),
        .library(name: "OrreryScheduling", targets: ["OrreryScheduling"]),
        .library(name: "OrreryFabric", targets: ["OrreryFabric"]),
        .library(name: "OrreryTraining", targets: ["OrreryTraining"]),
        .library(name: "OrreryScenario", targets: ["OrreryScenario"]),
        .library(name: "OrreryResults", targets: ["OrreryResults"]),
        .library(name: "OrreryResilience", targets: ["OrreryResilience"]),
        .library(name: "OrreryStorage", targets: ["OrreryStorage"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // System libraries, found through pkg-config.
        .systemLibrary(
            name: "CGSL", pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"]), .brew(["gsl"])]),
        .systemLibrary(
            name: "CSQLite3", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),

        // The kernel: time, event queue, loop, random streams, hooks. Knows nothing about GPUs.
        .target(name: "OrreryKernel", dependencies: ["CGSL"], swiftSettings: checks),

        // The flow-level bandwidth model, plain C11 with no dependencies. Warnings and
        // sanitizers are checked by scripts/check-cflow.sh (unsafe flags would bar this
        // package from being a dependency).
        .target(name: "CFlow", cSettings: [.define("NDEBUG", .when(configuration: .release))]),

        // Models.
        .target(name: "OrreryHardware", dependencies: ["OrreryKernel"], swiftSettings: checks),
        .target(
            name: "OrreryFabric", dependencies: ["OrreryKernel", "OrreryHardware", "CFlow"],
            swiftSettings: checks),
        .target(
            name: "OrreryServing",
            dependencies: ["OrreryKernel", "OrreryHardware", "OrreryFabric", "OrreryTraining", "OrreryStorage"],
            swiftSettings: checks),
        .target(
            name: "OrreryTraining", dependencies: ["OrreryKernel", "OrreryHardware", "OrreryFabric"],
            swiftSettings: checks),
        .target(
            name: "OrreryScheduling", dependencies: ["OrreryKernel", "OrreryHardware"],
            swiftSettings: checks),
        .target(
            name: "OrreryResilience", dependencies: ["OrreryKernel", "OrreryHardware", "OrreryFabric", "OrreryStorage"],
            swiftSettings: checks),
        // Storage tiers and their bandwidth as fabric links: checkpoints, restarts, weight loading.
        .target(
            name: "OrreryStorage", dependencies: ["OrreryKernel", "OrreryHardware", "OrreryFabric"],
            swiftSettings: checks),

        // Scenario loading and the results store sit above the models.
        .target(
            name: "OrreryScenario",
            dependencies: [
                "OrreryKernel", "OrreryHardware", "OrreryScheduling", "OrreryServing", "OrreryResilience", "OrreryTraining",
                "OrreryFabric", "OrreryStorage", "Yams",
            ],
            swiftSettings: checks),
        .target(
            name: "OrreryResults",
            dependencies: ["OrreryKernel", "OrreryScheduling", "CSQLite3"],
            swiftSettings: checks),

        // The command line.
        .target(
            name: "OrreryCLI",
            dependencies: [
                "OrreryKernel", "OrreryHardware", "OrreryScheduling", "OrreryServing", "OrreryFabric",
                "OrreryResilience", "OrreryScenario", "OrreryResults",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: checks),
        .executableTarget(name: "orrery", dependencies: ["OrreryCLI"], swiftSettings: checks),

        .testTarget(name: "OrreryKernelTests", dependencies: ["OrreryKernel"]),
        .testTarget(name: "OrreryHardwareTests", dependencies: ["OrreryHardware"]),
        .testTarget(name: "OrreryFabricTests", dependencies: ["OrreryFabric"]),
        .testTarget(name: "OrreryServingTests", dependencies: ["OrreryServing", "OrreryTraining"]),
        .testTarget(name: "OrreryTrainingTests", dependencies: ["OrreryTraining"]),
        .testTarget(name: "OrrerySchedulingTests", dependencies: ["OrreryScheduling"]),
        .testTarget(name: "OrreryResilienceTests", dependencies: ["OrreryResilience", "OrreryFabric", "OrreryStorage"]),
        .testTarget(name: "OrreryScenarioTests", dependencies: ["OrreryScenario", "OrreryResilience", "OrreryStorage"]),
        .testTarget(name: "OrreryResultsTests", dependencies: ["OrreryResults"]),
        .testTarget(name: "OrreryCLITests", dependencies: ["OrreryCLI", "orrery", "OrreryResults"]),
    ]
)
