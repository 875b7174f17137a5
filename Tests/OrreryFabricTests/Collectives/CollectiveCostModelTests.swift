import OrreryFabric
import OrreryKernel
import Testing

/// The closed-form model agrees with the fabric on an idle network (within 1 %).
@Suite struct CollectiveCostModelTests {
    struct Case: CustomStringConvertible, Sendable {
        var preset: TopologyPreset
        var nodes: Int
        var gpusPerNode: Int
        var kind: CollectiveKind
        var algorithm: CollectiveAlgorithm
        var bytes: Double
        var description: String { "\(preset.rawValue) \(nodes)×\(gpusPerNode) \(kind) \(algorithm) \(bytes) B" }
    }

    static let cases: [Case] = {
        var cases: [Case] = []
        let shapes: [(TopologyPreset, Int, Int)] = [
            (.dgxA100SuperPOD, 1, 8), (.dgxA100SuperPOD, 2, 8), (.dgxH100SuperPOD, 4, 8),
            (.dgxH100SuperPOD, 3, 2), (.dgxA100SuperPOD, 5, 1),
        ]
        for (preset, nodes, gpus) in shapes {
            for kind in CollectiveKind.allCases where kind != .sendRecv {
                for algorithm in CollectiveAlgorithm.allCases where algorithm.implements(kind) && algorithm != .nvls {
                    for bytes in [4096.0, 1e8] {
                        cases.append(Case(preset: preset, nodes: nodes, gpusPerNode: gpus, kind: kind, algorithm: algorithm, bytes: bytes))
                    }
                }
            }
        }
        for (gpus, bytes) in [(8, 4096.0), (8, 1e8), (2, 1e8)] {   // NVLS: one H100 node only
            cases.append(Case(preset: .dgxH100SuperPOD, nodes: 1, gpusPerNode: gpus, kind: .allReduce, algorithm: .nvls, bytes: bytes))
        }
        cases.append(Case(preset: .dgxH100SuperPOD, nodes: 2, gpusPerNode: 1, kind: .sendRecv, algorithm: .direct, bytes: 1e8))
        cases.append(Case(preset: .dgxH100SuperPOD, nodes: 1, gpusPerNode: 2, kind: .sendRecv, algorithm: .automatic, bytes: 1e8))
        return cases
    }()

    @Test(arguments: cases)
    func closedFormMatchesTheFabric(_ c: Case) throws {
        let bench = try CollectiveBench(c.preset, nodes: c.nodes)
        let ranks = bench.packed(nodes: c.nodes, gpus: c.gpusPerNode)
        let collective = Collective(kind: c.kind, algorithm: c.algorithm, ranks: ranks, bytes: c.bytes)
        let simulated = try bench.time(collective)
        let shape = try CollectiveShape(topology: bench.topology, ranks: ranks)
        let predicted = try CollectiveCostModel().time(c.kind, algorithm: c.algorithm, bytes: c.bytes, shape: shape)
        let error = abs(Double(predicted.nanoseconds - simulated.nanoseconds)) / Double(simulated.nanoseconds)
        #expect(error <= 0.01, "\(c): model \(predicted), fabric \(simulated)")
        let chosen = try bench.collectives.plan(collective).algorithm
        #expect(chosen == CollectiveCostModel().resolvedAlgorithm(c.kind, algorithm: c.algorithm, bytes: c.bytes, shape: shape))
    }

    @Test func automaticPicksTreeForSmallAndRingForLargeAllReducesAcrossManyNodes() throws {
        let rates = CollectiveLinkRates(scaleUpBytesPerSecond: 450e9, scaleOutBytesPerSecond: 50e9)
        let shape = CollectiveShape(ranksPerDomain: 8, domains: 64, rates: rates)
        let model = CollectiveCostModel()
        #expect(model.resolvedAlgorithm(.allReduce, algorithm: .automatic, bytes: 65536, shape: shape) == .tree)
        #expect(model.resolvedAlgorithm(.allReduce, algorithm: .automatic, bytes: 8e9, shape: shape) == .ring)
        #expect(model.resolvedAlgorithm(.allGather, algorithm: .automatic, bytes: 65536, shape: shape) == .ring)
        #expect(model.resolvedAlgorithm(.allToAll, algorithm: .automatic, bytes: 65536, shape: shape) == .direct)
    }
}

/// The flow-free executor completes at the closed-form time and validates like the fabric.
@Suite struct CostModelCollectivesTests {
    @Test func completesAtTheClosedFormTime() throws {
        let bench = try CollectiveBench(.dgxA100SuperPOD, nodes: 2)
        let executor = CostModelCollectives(simulation: bench.simulation, topology: bench.topology)
        let c = Collective(kind: .allReduce, algorithm: .ring, ranks: bench.packed(nodes: 2, gpus: 8), bytes: 1.024e9)
        var finished: SimTime?
        try executor.start(c) { finished = $0 }
        bench.simulation.run()
        #expect(finished == time(milliseconds: 10, microseconds: 22.16))
    }

    @Test func refusesWhatTheFabricRefuses() throws {
        let bench = try CollectiveBench(.dgxA100SuperPOD, nodes: 2)
        let executor = CostModelCollectives(simulation: bench.simulation, topology: bench.topology)
        var errors: [CollectiveError] = []
        for c in [
            Collective(kind: .allGather, algorithm: .tree, ranks: [0, 1], bytes: 1),
            Collective(kind: .allReduce, ranks: [0, 1, 8], bytes: 1),
            Collective(kind: .allReduce, ranks: [0, 1], bytes: -1),
        ] {
            do { try executor.start(c) { _ in } } catch { errors.append(error) }
        }
        #expect(errors.count == 3)
        #expect(errors.first == .unsupported(kind: .allGather, algorithm: .tree))
    }
}
