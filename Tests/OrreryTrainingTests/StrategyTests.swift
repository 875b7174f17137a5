import OrreryFabric
import Testing

@testable import OrreryTraining

/// A strategy written outside the module, in one file, run by the unchanged engine:
/// every GPU trains its own copy and averages parameters with one all-reduce at the end
/// of the step (local SGD with a period of one step).
struct ParameterAveragingStrategy: TrainingStrategy {
    var name: String { "parameter-averaging" }

    func validate(_ job: TrainingJob, on cluster: TrainingCluster) throws(TrainingError) {
        guard job.layout.gpus == job.layout.data else { throw .incompatible("data parallelism only") }
    }

    func memory(_ costs: LayerCosts) -> [GPUMemoryNeed] {
        let parameters = costs.job.model.parameters
        return [GPUMemoryNeed(rank: 0, weights: 2 * parameters, gradients: 2 * parameters, optimizer: 12 * parameters, activations: 0)]
    }

    func buildStep(_ costs: LayerCosts, into builder: inout StepGraphBuilder) throws(TrainingError) {
        let job = costs.job
        let compute = builder.addTimeline(weight: Double(job.layout.gpus))
        let passes = Double(job.microbatches * job.model.layers)
        let work = builder.timed(
            .compute, seconds: passes * (costs.blockForward.compute + costs.blockBackward.compute), on: compute)
        let average = Collective(
            kind: .allReduce, ranks: Array(0..<job.layout.data), bytes: 2 * job.model.parameters)
        builder.collective(.dataCommunication, [average], on: compute, after: work)
    }
}

@Suite struct StrategyTests {
    @Test func aStrategyDefinedInOneFileRunsOnTheEngine() throws {
        let catalogue = StrategyCatalogue.builtIn.adding(ParameterAveragingStrategy(), summary: "test")
        let strategy = try catalogue.strategy(named: "parameter-averaging")
        let job = TestJobs.job(TestJobs.small, batch: 16, layout: ParallelLayout(data: 8))
        let (_, step) = try TestJobs.step(job, strategy: strategy)
        #expect(step.opsExecuted == 2)
        #expect(step.breakdown.exposedCommunicationSeconds > 0)
        #expect(catalogue.names.contains("megatron"))
    }

    @Test func unknownStrategyListsTheAvailableOnes() {
        #expect(throws: TrainingError.unknownStrategy(name: "nope", available: ["megatron", "zero", "fsdp", "ddp"])) {
            try StrategyCatalogue.builtIn.strategy(named: "nope")
        }
    }

    @Test func outOfMemoryNamesTheGPUTheNeedAndTheCapacity() throws {
        let model = try #require(TransformerCatalogue.model(named: "Llama-3-405B"))
        let job = TrainingJob(model: model, globalBatch: 8, layout: ParallelLayout(tensor: 8))
        let cluster = TestJobs.cluster(gpus: 8, node: TestJobs.dgxH100)
        do {
            _ = try MegatronStrategy().plan(job, on: cluster)
            Issue.record("405B on one node should not fit")
        } catch {
            let message = error.description
            #expect(message.contains("H100-SXM node 0 slot 0"))
            #expect(message.contains("needs"))
            #expect(message.contains("has 80.0 GiB"))
        }
    }

    @Test func tensorParallelMustStayInsideTheNVLinkDomain() {
        let job = TestJobs.job(batch: 16, layout: ParallelLayout(tensor: 16))
        #expect(throws: TrainingError.self) { try MegatronStrategy().plan(job, on: TestJobs.cluster(gpus: 16)) }
    }

    @Test func ddpRejectsModelParallelism() {
        let job = TestJobs.job(batch: 16, layout: ParallelLayout(tensor: 2, data: 4))
        #expect(throws: TrainingError.self) { try DDPStrategy().plan(job, on: TestJobs.cluster(gpus: 8)) }
    }

    /// ZeRO-3 gathers parameters every layer, so it communicates more than ZeRO-1, which
    /// moves the same bytes as DDP's all-reduce (reduce-scatter + all-gather).
    @Test func zeroStagesAndFSDPRun() throws {
        let job = TestJobs.job(TestJobs.small, batch: 32, layout: ParallelLayout(data: 16))
        let (ddpPlan, ddp) = try TestJobs.step(job, strategy: DDPStrategy())
        let (zero1Plan, zero1) = try TestJobs.step(job, strategy: ZeROStrategy(stage: .optimizer))
        let (fsdpPlan, fsdp) = try TestJobs.step(job, strategy: ZeROStrategy(stage: .parameters, name: "fsdp"))
        #expect(fsdp.collectivesStarted > zero1.collectivesStarted)
        #expect(fsdp.stepTime >= zero1.stepTime)
        #expect(ddp.stepTime.seconds > 0)
        #expect(zero1Plan.memory[0].optimizer < ddpPlan.memory[0].optimizer)
        #expect(fsdpPlan.memory[0].weights < zero1Plan.memory[0].weights)
    }

    @Test func pipelineMemoryFollowsTheSchedule() throws {
        // 1F1B: stage 0 keeps p microbatches in flight, the last stage one.
        let job = TestJobs.job(batch: 16, layout: ParallelLayout(pipeline: 4))
        let (plan, _) = try TestJobs.step(job)
        let perLayer = job.model.blockActivationBytes(job.shard, policy: .full)
        let layers = Double(job.model.layers / 4)
        #expect(plan.memory.count == 4)
        let first = plan.memory[0].activations - job.model.blockActivationBytes(job.shard, policy: .none)
        #expect(abs(first - 4 * layers * perLayer) < 1)
    }

    @Test func expertParallelMoERuns() throws {
        let model = try #require(TransformerCatalogue.model(named: "Mixtral-8x7B"))
        let job = TrainingJob(model: model, globalBatch: 64, layout: ParallelLayout(tensor: 8, pipeline: 2, data: 8, expert: 8))
        let (plan, step) = try TestJobs.step(job)
        #expect(step.stepTime.seconds > 0)
        #expect(plan.graph.collectives.contains { $0.kind == .allToAll })
    }
}
