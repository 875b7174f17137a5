import OrreryFabric
import OrreryHardware
import OrreryKernel
import Testing
@testable import OrreryResilience

@Suite struct FailureModelTests {
    /// The preset's rates are Table 5's counts over the reference footprint and 54 days,
    /// so the footprint's expected interruptions in 54 days are the table's 419.
    @Test func llama3PresetReproducesTable5() throws {
        let inventory = try FailureInventory(gpuCount: 16_384, gpusPerNode: 8, nodesPerLeaf: 2)
        let model = FailureModel.llama3H100_2024
        #expect(model.modes.count == 18)
        #expect(abs(model.jobFailuresPerHour(inventory) * 54 * 24 - 419) < 1e-9)
        let gpu = try #require(model.modes.first { $0.name == "gpu" })
        #expect(abs(gpu.ratePerComponentHour - 148 / (16_384 * 54 * 24)) < 1e-18)
        let switches = try #require(model.modes.first { $0.name == "switch-cable" })
        #expect(abs(switches.ratePerComponentHour * 1024 * 54 * 24 - 35) < 1e-9)
        #expect(FailureModel.llama3Table5.reduce(0) { $0 + $1.count } == 419)
    }

    /// Leaf-spine with 16 ports per leaf puts two 8-GPU nodes under each leaf; a rail-optimised
    /// fat tree puts a leaf on every node of a scalable unit.
    @Test func blastRadiusFollowsTheTopology() throws {
        let node = try #require(HardwareCatalogue.builtIn.node(named: "DGX-H100"))
        let profile = try TrainingRunProfile(
            gpuCount: 512, gpusPerNode: 8, stepSeconds: 1, computeSeconds: 1, communicationSeconds: 0, idleSeconds: 0,
            tokensPerStep: 1, tokenBudget: 1, parameterCount: 1)
        let leafSpine = try FailureInventory(
            profile: profile, topology: Topology(nodes: 64, node: node, scaleOut: .leafSpine(portsPerLeaf: 16)))
        #expect(leafSpine.leafCount == 32)
        #expect(leafSpine.blastRadius(of: .leafSwitch, index: 3) == [6, 7])
        #expect(leafSpine.blastRadius(of: .gpu, index: 17) == [2])
        #expect(leafSpine.blastRadius(of: .job, index: 0) == [])
        let rail = try FailureInventory(
            profile: profile, topology: Topology(nodes: 64, node: node, scaleOut: .railOptimisedFatTree(nodesPerScalableUnit: 32)))
        #expect(rail.leafCount == 16)
        #expect(rail.blastRadius(of: .leafSwitch, index: 0) == Array(0..<32))
    }

    @Test func aTopologySmallerThanTheJobIsAnError() throws {
        let node = try #require(HardwareCatalogue.builtIn.node(named: "DGX-H100"))
        let topology = try Topology(nodes: 4, node: node, scaleOut: .leafSpine(portsPerLeaf: 16))
        #expect(throws: ResilienceError.topologyTooSmall(jobNodes: 8, topologyNodes: 4)) {
            try FailureInventory(profile: Small.profile, topology: topology)
        }
    }

    @Test func badModesAreRejected() {
        #expect(throws: ResilienceError.self) {
            try FailureMode(name: "gpu", scope: .gpu, ratePerComponentHour: -1, requiresReplacement: true)
        }
        #expect(throws: ResilienceError.self) {
            try FailureMode(name: "gpu", scope: .gpu, ratePerComponentHour: 1, law: .weibull(shape: 0), requiresReplacement: true)
        }
        #expect(throws: ResilienceError.self) { try FailureModel.preset(named: "llama4") }
    }

    @Test func duplicateModeNamesAreRejected() throws {
        let mode = try FailureMode(name: "gpu", scope: .gpu, ratePerComponentHour: 1, requiresReplacement: true)
        #expect(throws: ResilienceError.self) { try FailureModel(modes: [mode, mode]) }
    }
}
