import OrreryFabric
import OrreryHardware
import OrreryKernel
import Testing

@testable import OrreryTraining

/// Collectives on the fabric share links: two jobs whose gradient reductions use the same
/// NICs and switch ports slow each other down. (The engine does not arbitrate GPUs, so
/// the two graphs may name the same ranks: only the network is shared here.)
@Suite struct FabricContentionTests {
    func plan(firstRank: Int) throws -> StepPlan {
        var job = TestJobs.job(TestJobs.small, batch: 16, layout: ParallelLayout(data: 16))
        job.layout.firstRank = firstRank
        job.overlapGradientReduction = false
        return try DDPStrategy().plan(job, on: TestJobs.cluster(gpus: 32))
    }

    /// Step times of `plans` started together on one 4-node DGX A100 fabric.
    func stepTimes(_ plans: [StepPlan]) throws -> [Double] {
        let topology = try TopologyPreset.dgxA100SuperPOD.topology(nodes: 4)
        let simulation = Simulation(seed: 3)
        let network = NetworkSimulator(simulation: simulation)
        try topology.install(into: network)
        let executor = FabricCollectives(simulation: simulation, network: network, topology: topology)
        var times = [Double](repeating: 0, count: plans.count)
        let engines = plans.map { _ in StepEngine(simulation: simulation, executor: executor) }
        for (index, plan) in plans.enumerated() {
            engines[index].start(plan.graph) { times[index] = $0.stepTime.seconds }
        }
        simulation.run()
        withExtendedLifetime(engines) {}
        return times
    }

    @Test func twoJobsSharingLinksSlowEachOther() throws {
        let first = try plan(firstRank: 0), second = try plan(firstRank: 0)
        let alone = try stepTimes([first])[0]
        let together = try stepTimes([first, second])
        #expect(alone > 0)
        #expect(together[0] > 1.05 * alone, "alone \(alone) s, together \(together)")
        #expect(together[1] > 1.05 * alone)
    }
}
