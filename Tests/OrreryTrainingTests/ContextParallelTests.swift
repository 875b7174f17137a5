import OrreryFabric
import OrreryHardware
import Testing

@testable import OrreryTraining

/// Context parallelism (ring attention) exchanges K and V over every context group as
/// collectives beside the attention core: hidden when the core is long enough, exposed
/// when the network is too slow.
@Suite struct ContextParallelTests {
    static let model = TestJobs.gpt(layers: 4, hidden: 4096)

    static func step(nicBitsPerSecond: Double? = nil) throws -> (StepPlan, StepResult) {
        var job = TestJobs.job(Self.model, batch: 4, layout: ParallelLayout(tensor: 4, data: 2, context: 2))
        job.recomputation = .selective
        var node = TestJobs.dgxA100
        if let nicBitsPerSecond { node = try node.setting(.nicBandwidth, to: nicBitsPerSecond / 8) }
        let plan = try MegatronStrategy().plan(job, on: TrainingCluster(node: node, nodes: 2))
        return (plan, try plan.simulateStepInIsolation())
    }

    @Test func everyContextGroupExchangesKeysAndValues() throws {
        let (plan, _) = try Self.step()
        let exchanges = plan.graph.collectives.filter { $0.ranks.count == 2 && $0.ranks[1] - $0.ranks[0] == 4 }
        // Per pass, tensor 4 × data 2 groups; forwards gather, backwards gather and reduce-scatter.
        let gathers = exchanges.filter { $0.kind == .allGather }.count
        let scatters = exchanges.filter { $0.kind == .reduceScatter }.count
        let passes = Self.model.layers * plan.job.microbatches
        #expect(gathers == 8 * 2 * passes)
        #expect(scatters == 8 * passes)
        #expect(exchanges.allSatisfy { $0.bytes == plan.costs.contextExchangeBytes })
    }

    @Test func aSlowNetworkExposesTheExchange() throws {
        let (_, fast) = try Self.step()
        let (_, slow) = try Self.step(nicBitsPerSecond: 1e9)
        #expect(fast.breakdown.exposedCommunicationSeconds < slow.breakdown.exposedCommunicationSeconds)
        #expect(slow.stepTime > fast.stepTime)
        #expect(abs(fast.breakdown.computeSeconds - slow.breakdown.computeSeconds) < 1e-9 * fast.stepTime.seconds + 1e-6)
    }
}
