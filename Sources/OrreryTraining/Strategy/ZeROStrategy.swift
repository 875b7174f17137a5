/// ZeRO data parallelism (Rajbhandari et al., SC'20) and PyTorch FSDP.
///
/// Stages 1 and 2 reduce-scatter gradient buckets during the backward, update each GPU's
/// shard of the optimizer state and all-gather the new parameters. Stage 3 (FSDP full
/// shard) also shards the parameters: every layer is all-gathered before its forward and
/// again before its backward (prefetched one layer ahead), and its gradients are
/// reduce-scattered after the last microbatch's backward. Tensor parallelism inside a
/// node is allowed (as in FSDP + TP); pipelining is not.
public struct ZeROStrategy: TrainingStrategy {
    /// The stage to run, or nil to take the job's (stage 1 if the job sets none).
    public let stage: ZeROStage?
    public let name: String

    public init(stage: ZeROStage?, name: String = "zero") {
        self.stage = stage
        self.name = name
    }

    func effectiveStage(_ job: TrainingJob) -> ZeROStage {
        stage ?? (job.zero == .none ? .optimizer : job.zero)
    }

    public func validate(_ job: TrainingJob, on cluster: TrainingCluster) throws(TrainingError) {
        guard job.layout.pipeline == 1, job.layout.context == 1 else {
            throw .incompatible("\(name): pipeline and context parallelism are not supported (\(job.layout))")
        }
    }

    public func memory(_ costs: LayerCosts) -> [GPUMemoryNeed] {
        var job = costs.job
        job.zero = effectiveStage(job)
        guard let adjusted = try? LayerCosts(job: job, cluster: costs.cluster, calibration: costs.calibration) else { return [] }
        return PipelineMemory.needs(adjusted, shardedParameters: job.zero == .parameters)
    }

    public func buildStep(_ costs: LayerCosts, into builder: inout StepGraphBuilder) throws(TrainingError) {
        var job = costs.job
        job.zero = effectiveStage(job)
        let adjusted = try LayerCosts(job: job, cluster: costs.cluster, calibration: costs.calibration)
        let synchronisation: GradientSynchronisation = job.zero == .parameters ? .fullyShardedLayers : .shardedOptimizer
        PipelineStepBuilder(costs: adjusted, synchronisation: synchronisation).build(into: &builder)
    }
}

/// PyTorch DistributedDataParallel (Li et al., VLDB 2020): every GPU holds the whole
/// model; gradient buckets are all-reduced as the backward produces them.
public struct DDPStrategy: TrainingStrategy {
    public var name: String { "ddp" }

    public init() {}

    public func validate(_ job: TrainingJob, on cluster: TrainingCluster) throws(TrainingError) {
        let layout = job.layout
        guard layout.tensor == 1, layout.pipeline == 1, layout.context == 1, job.zero == .none else {
            throw .incompatible("ddp: only data parallelism is supported (\(layout), ZeRO \(job.zero.rawValue))")
        }
    }

    public func memory(_ costs: LayerCosts) -> [GPUMemoryNeed] {
        PipelineMemory.needs(costs, shardedParameters: false)
    }

    public func buildStep(_ costs: LayerCosts, into builder: inout StepGraphBuilder) throws(TrainingError) {
        PipelineStepBuilder(costs: costs, synchronisation: .allReduce).build(into: &builder)
    }
}
