import OrreryFabric
import Testing

@testable import OrreryTraining

/// Expert parallelism: tokens cross every expert-parallel group with all-to-alls, and
/// expert gradients are reduced (and their optimizer state sharded) over the DP / EP
/// ranks that hold the same experts, not the whole data-parallel group.
@Suite struct MixtureOfExpertsTests {
    static func job(expert: Int, zero: ZeROStage = .optimizer) throws -> TrainingJob {
        let model = try #require(TransformerCatalogue.model(named: "Mixtral-8x7B"))
        var job = TrainingJob(
            model: model, sequence: 4096, globalBatch: 64,
            layout: ParallelLayout(tensor: 2, pipeline: 4, data: 8, expert: expert))
        job.zero = zero
        return job
    }

    @Test func collectivesUseTheExpertGroups() throws {
        let job = try Self.job(expert: 4)
        let plan = try MegatronStrategy().plan(job, on: TestJobs.cluster(gpus: job.layout.gpus, node: TestJobs.dgxH100))
        let collectives = plan.graph.collectives
        // All-to-alls: every (tensor, expert group) pair of a stage, 4 ranks each.
        let exchanges = collectives.filter { $0.kind == .allToAll }
        #expect(!exchanges.isEmpty && exchanges.allSatisfy { $0.ranks.count == 4 })
        let stage0 = Set(exchanges.filter { $0.ranks.allSatisfy { $0 < job.layout.gpus / 4 } }.map(\.ranks))
        #expect(stage0.count == 2 * 2, "TP 2 × (DP 8 / EP 4) groups")
        #expect(Set(stage0.flatMap { $0 }).count == job.layout.gpus / 4, "every rank of the stage exchanges tokens")
        // Gradient reduce-scatters: dense over 8 ranks, experts over 8 / 4 = 2.
        let scatters = collectives.filter { $0.kind == .reduceScatter }
        #expect(Set(scatters.map(\.ranks.count)) == [8, 2])
        let expertGroup = try #require(scatters.first { $0.ranks.count == 2 })
        #expect(expertGroup.ranks[1] - expertGroup.ranks[0] == 4 * job.layout.tensor, "data indices e and e + EP")
    }

    @Test func expertOptimizerStateIsShardedOverItsOwnReplicas() throws {
        let sharded = try Self.job(expert: 4)
        let plan = try MegatronStrategy().plan(sharded, on: TestJobs.cluster(gpus: 64, node: TestJobs.dgxH100))
        let costs = plan.costs
        let layers = Double(sharded.model.layers / sharded.layout.pipeline)
        let experts = layers * LayerCosts.blockExpertParametersPerGPU(sharded)
        let dense = layers * LayerCosts.blockParametersPerGPU(sharded) - experts
        // A middle stage (no embedding): 12 B/parameter, dense over DP 8, experts over 2.
        let optimizer = plan.memory[1].optimizer
        #expect(abs(optimizer - 12 * (dense / 8 + experts / 2)) < 1e3, "\(optimizer)")
        #expect(costs.expertDispatchBytes > 0)
    }

    @Test func withoutExpertParallelismEveryReplicaReducesEveryExpert() throws {
        let job = try Self.job(expert: 1)
        #expect(LayerCosts.blockExpertParametersPerGPU(job) == 0)
        let plan = try MegatronStrategy().plan(job, on: TestJobs.cluster(gpus: 64, node: TestJobs.dgxH100))
        #expect(!plan.graph.collectives.contains { $0.kind == .allToAll })
        #expect(Set(plan.graph.collectives.filter { $0.kind == .reduceScatter }.map(\.ranks.count)) == [8])
    }
}
