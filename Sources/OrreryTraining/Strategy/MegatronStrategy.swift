/// Megatron-LM's 3-D (+context, +expert) parallelism (Narayanan et al., SC'21;
/// Korthikanti et al. 2022): tensor parallelism inside an NVLink domain with sequence
/// parallelism, pipeline parallelism with 1F1B or interleaved 1F1B, data parallelism with
/// bucketed, overlapped gradient all-reduce — or, with ZeRO stage 1 set on the job,
/// Megatron's distributed optimizer (reduce-scatter, sharded update, all-gather).
public struct MegatronStrategy: TrainingStrategy {
    public var name: String { "megatron" }

    public init() {}

    public func validate(_ job: TrainingJob, on cluster: TrainingCluster) throws(TrainingError) {
        guard job.zero <= .gradients else {
            throw .incompatible("megatron: ZeRO stage 3 is not supported with pipelining; use the fsdp strategy")
        }
    }

    public func memory(_ costs: LayerCosts) -> [GPUMemoryNeed] {
        PipelineMemory.needs(costs, shardedParameters: false)
    }

    public func buildStep(_ costs: LayerCosts, into builder: inout StepGraphBuilder) throws(TrainingError) {
        let synchronisation: GradientSynchronisation = costs.job.zero >= .optimizer ? .shardedOptimizer : .allReduce
        PipelineStepBuilder(costs: costs, synchronisation: synchronisation).build(into: &builder)
    }
}
