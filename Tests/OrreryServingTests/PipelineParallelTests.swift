import OrreryHardware
import OrreryKernel
import Testing
@testable import OrreryServing

/// Pipeline parallelism in a replica: stages visited in turn by a batch, one scheduler
/// (virtual engine) per stage so that as many batches are in flight.
@Suite struct PipelineParallelTests {
    static let a100 = HardwareCatalogue.builtIn.gpu(named: "A100-80GB")!

    /// A batch's latency does not shrink with stages (they run in turn); it grows by
    /// (PP − 1) activation sends of tokens × hidden × 2 B split over the TP group.
    @Test func stagesAddSendsNotSpeed() throws {
        let model = ModelCatalogue.llama2_70B
        var tp4 = ReplicaConfiguration(model: model, gpu: Self.a100, tensorParallel: 4)
        var pp2 = tp4
        pp2.pipelineParallel = 2
        tp4.pipelineParallel = 1
        let flat = try IterationCostModel(model: model, gpu: Self.a100, tensorParallel: 4, pipeline: tp4.pipelineStages)
        let staged = try IterationCostModel(model: model, gpu: Self.a100, tensorParallel: 4, pipeline: pp2.pipelineStages)
        var work = IterationWork()
        work.decodeSequences = 32
        work.decodeContextTokens = 32 * 1000
        let send = 10e-6 + Double(32 * 8192 * 2) / (4 * Self.a100.scaleUpBandwidthBytesPerSecond)
        #expect(abs(staged.stageSendSeconds(work) - send) < 1e-12)
        #expect(abs((staged.time(work) - flat.time(work)).seconds - send) < 2e-9)
        // Eight GPUs in one node send over NVLink; sixteen span two nodes and use the NICs.
        var pp4 = pp2
        pp4.pipelineParallel = 4
        #expect(pp2.stageLinkBytesPerSecondInEffect == Self.a100.scaleUpBandwidthBytesPerSecond)
        #expect(pp4.stageLinkBytesPerSecondInEffect == ReplicaConfiguration.defaultScaleOutBytesPerSecond)
    }

    /// The KV cache is shared out among the stages' schedulers, as vLLM does.
    @Test func eachEngineGetsItsShareOfTheCache() {
        var replica = ReplicaConfiguration(model: ModelCatalogue.llama2_7B, gpu: Self.a100)
        replica.pipelineParallel = 2
        #expect(replica.gpusPerReplica == 2)
        #expect(replica.kvBlocksPerEngine == replica.kvBlocks / 2)
        var tooDeep = replica
        tooDeep.pipelineParallel = 33
        #expect(throws: ServingError.self) { try tooDeep.validate() }
    }

    /// Under a load that keeps it busy, a two-stage replica on two GPUs finishes about
    /// twice as fast as one GPU (two batches in flight), like two one-GPU replicas, while
    /// each of its steps is as slow as the one-GPU replica's.
    @Test func twoStagesKeepTwoBatchesInFlight() throws {
        let requests = (0..<400).map { ServingRequest(id: $0, arrival: .zero, promptTokens: 200, outputTokens: 100) }
        func run(stages: Int, replicas: Int) throws -> (end: Double, tpot: Double) {
            var replica = ReplicaConfiguration(model: ModelCatalogue.llama2_7B, gpu: Self.a100, maxSequences: 64)
            replica.pipelineParallel = stages
            let simulation = Simulation(seed: 1)
            let model = try ServingModel(
                simulation: simulation,
                configuration: ServingConfiguration(replica: replica, replicas: replicas, routing: .leastOutstandingTokens),
                requests: requests)
            let end = simulation.run().endTime.seconds
            #expect(model.records.allSatisfy { $0.generatedTokens == 100 })
            let tpots = model.records.compactMap(\.timePerOutputToken)
            return (end, tpots.reduce(0, +) / Double(tpots.count))
        }
        let one = try run(stages: 1, replicas: 1)
        let staged = try run(stages: 2, replicas: 1)
        let two = try run(stages: 1, replicas: 2)
        #expect(staged.end < 0.6 * one.end, "\(staged.end) vs \(one.end)")
        #expect(abs(staged.end / two.end - 1) < 0.1, "\(staged.end) vs \(two.end)")
        #expect(staged.tpot > 0.9 * one.tpot)
    }
}
