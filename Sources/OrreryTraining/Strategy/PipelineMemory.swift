/// Peak memory of each pipeline stage's GPUs: model states by ZeRO stage plus the
/// activations the schedule keeps in flight.
///
/// In-flight activations are counted by walking the stage's own program (a forward adds
/// its chunk's activations, a backward frees them), so 1F1B's `p − s` microbatches on
/// stage `s` and the interleaved schedule's extra warm-up emerge from the order, as the
/// bubble does. Full recomputation adds one layer's full activations (the working set of
/// the layer being recomputed); the last stage adds fp32 logits; ZeRO-3 adds the
/// gathered parameters of two layers (the one running and the one prefetched).
enum PipelineMemory {
    static func needs(_ costs: LayerCosts, shardedParameters: Bool) -> [GPUMemoryNeed] {
        let job = costs.job, model = job.model, layout = job.layout
        let p = layout.pipeline, m = job.microbatches
        let layers = job.layersPerVirtualStage
        let shard = job.shard
        let perLayer = model.blockActivationBytes(shard, policy: job.recomputation)
        let blockParameters = LayerCosts.blockParametersPerGPU(job)
        let blockExperts = LayerCosts.blockExpertParametersPerGPU(job)
        let embedding = Double(model.vocabulary * model.hidden) / Double(layout.tensor)
        return (0..<p).map { stage in
            var live = 0.0, peak = 0.0
            for slot in job.schedule.program(stage: stage, stages: p, microbatches: m) {
                let bytes = Double(layers[slot.chunk * p + stage]) * perLayer
                live += slot.isForward ? bytes : -bytes
                peak = max(peak, live)
            }
            if job.recomputation == .full { peak += model.blockActivationBytes(shard, policy: .none) }
            let stageLayers = (0..<job.schedule.chunks).reduce(0) { $0 + layers[$1 * p + stage] }
            let experts = Double(stageLayers) * blockExperts
            var parameters = Double(stageLayers) * (blockParameters - blockExperts)
            if stage == 0 { parameters += embedding }
            if stage == p - 1 {
                if p > 1 || !model.tiedEmbeddings { parameters += embedding }
                peak += 4 * Double(job.microbatch * job.sequence * model.vocabulary) / Double(layout.tensor * layout.context)
            }
            let stateStage = shardedParameters ? ZeROStage.parameters : job.zero
            // Expert-parallel weights are sharded by ZeRO over their own replicas (DP / EP).
            let dense = job.states.bytes(parameters: parameters, stage: stateStage, dataParallel: layout.data)
            let expert = job.states.bytes(
                parameters: experts, stage: stateStage, dataParallel: LayerCosts.expertDataParallel(job))
            let states = (weights: dense.weights + expert.weights, gradients: dense.gradients + expert.gradients,
                          optimizer: dense.optimizer + expert.optimizer)
            if shardedParameters { peak += 2 * blockParameters * job.states.weightPrecision.bytesPerElement }
            return GPUMemoryNeed(
                rank: layout.rank(tensor: 0, context: 0, data: 0, stage: stage), weights: states.weights,
                gradients: states.gradients, optimizer: states.optimizer, activations: peak)
        }
    }
}
