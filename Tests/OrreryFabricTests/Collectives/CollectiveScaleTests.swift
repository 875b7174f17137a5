import OrreryFabric
import OrreryKernel
import Testing

/// Flow counts stay linear in the group size; runs are deterministic.
@Suite struct CollectiveScaleTests {
    @Test(arguments: [CollectiveAlgorithm.ring, .tree, .hierarchical])
    func aThousandRankAllReduceMakesLinearlyManyFlows(algorithm: CollectiveAlgorithm) throws {
        let bench = try CollectiveBench(.dgxH100SuperPOD, nodes: 128)
        let ranks = Array(0..<1024)
        let plan = try bench.collectives.plan(Collective(kind: .allReduce, algorithm: algorithm, ranks: ranks, bytes: 1e9))
        for phase in plan.phases {
            #expect(phase.flows.count <= 6 * ranks.count, "\(algorithm): \(phase.flows.count) flows")
        }
        #expect(plan.phases.count == (algorithm == .hierarchical ? 3 : 1))
    }

    @Test func runsAreDeterministic() throws {
        // Collectives crossing scalable units go through the spines, where ECMP picks a
        // path per flow: the same inputs must give the same times.
        func once() throws -> [SimTime] {
            let bench = try CollectiveBench(.dgxA100SuperPOD, nodes: 24)
            let spread = (0..<6).map { $0 * 4 * 8 + 3 }
            return try bench.run([
                Collective(kind: .allReduce, algorithm: .ring, ranks: bench.packed(nodes: 24, gpus: 8), bytes: 3e8),
                Collective(kind: .allToAll, ranks: spread, bytes: 1e8),
                Collective(kind: .allReduce, algorithm: .tree, ranks: (0..<24).map { $0 * 8 }, bytes: 2e8),
            ])
        }
        let first = try once()
        #expect(first.allSatisfy { $0 < .max })
        #expect(try once() == first)
    }
}
