import OrreryFabric

/// The data-parallel side of a pipelined step: which replicas share a parameter, gradient
/// buckets and their reductions, parameter all-gathers (ZeRO-3 per layer, or the sharded
/// optimizer's, after the update or prefetched under the next forward) and the optimizer.
extension PipelineStepBuilder {
    /// One GPU's parameters of one block in `group`.
    func blockParameters(_ group: ParameterGroup) -> Double {
        let experts = LayerCosts.blockExpertParametersPerGPU(job)
        return group == .experts ? experts : LayerCosts.blockParametersPerGPU(job) - experts
    }

    /// Ranks sharing a parameter of `group` with one replica.
    func replicas(_ group: ParameterGroup) -> Int {
        group == .experts ? LayerCosts.expertDataParallel(job) : job.layout.data
    }

    /// Data-parallel collectives of `kind` over every (tensor, context) group of the stage:
    /// the data-parallel groups for dense parameters, the expert-data-parallel groups
    /// (one per expert shard) for expert parameters. None when `group` has one replica.
    func dataCollectives(
        _ kind: CollectiveKind, bytes: Double, stage: Int, group: ParameterGroup = .dense
    ) -> [Collective] {
        guard replicas(group) > 1, bytes > 0 else { return [] }
        var list: [Collective] = []
        let layout = job.layout
        for context in 0..<layout.context {
            for tensor in 0..<layout.tensor {
                switch group {
                case .dense:
                    list.append(Collective(
                        kind: kind, ranks: layout.dataGroup(tensor: tensor, context: context, stage: stage), bytes: bytes))
                case .experts:
                    for shard in 0..<layout.expert {
                        list.append(Collective(
                            kind: kind, ranks: layout.expertDataGroup(tensor: tensor, context: context, shard: shard, stage: stage),
                            bytes: bytes))
                    }
                }
            }
        }
        return list
    }

    var bucketBytes: Double {
        Double(job.bucketParameters) * job.states.gradientPrecision.bytesPerElement
    }

    func addGradients(
        _ b: inout StepGraphBuilder, bytes: Double, group: ParameterGroup, after op: StepOpID, state: inout StageState
    ) {
        guard replicas(group) > 1, bytes > 0 else { return }
        if synchronisation == .fullyShardedLayers {
            let scatter = b.collective(
                .dataCommunication, dataCollectives(.reduceScatter, bytes: bytes, stage: state.stage, group: group),
                on: state.scatter, after: op)
            state.reductions.append(scatter)
            return
        }
        guard job.overlapGradientReduction else {
            state.pendingAfterBackward[group.rawValue] += bytes
            return
        }
        state.bucketBytes[group.rawValue] += bytes
        if state.bucketBytes[group.rawValue] >= bucketBytes { flushBucket(&b, group: group, after: op, state: &state) }
    }

    func flushBucket(
        _ b: inout StepGraphBuilder, group: ParameterGroup, after op: StepOpID?, state: inout StageState
    ) {
        let bytes = state.bucketBytes[group.rawValue]
        guard bytes > 0 else { return }
        state.bucketBytes[group.rawValue] = 0
        let kind: CollectiveKind = synchronisation == .allReduce ? .allReduce : .reduceScatter
        let collectives = dataCollectives(kind, bytes: bytes, stage: state.stage, group: group)
        guard !collectives.isEmpty else { return }
        state.reductions.append(b.collective(.dataCommunication, collectives, on: state.data, after: op))
    }

    /// Whether the sharded optimizer's parameter all-gather runs under the next forward.
    var overlapsParameterGather: Bool {
        synchronisation == .shardedOptimizer && job.overlapParameterGather
    }

    /// Embedding and LM-head parameters one GPU of `stage` holds (dense).
    func embeddingParameters(stage: Int) -> Double {
        let p = job.layout.pipeline
        var bytes = 0.0
        if stage == 0 { bytes += costs.embeddingGradientBytes }
        if stage == p - 1 && (p > 1 || !job.model.tiedEmbeddings) { bytes += costs.embeddingGradientBytes }
        return bytes / job.states.gradientPrecision.bytesPerElement
    }

    /// The previous step's parameter all-gather, issued at the start of this one (the
    /// steady state of `--overlap-param-gather`): buckets in order of first use (chunk by
    /// chunk, layer by layer; the embeddings with the first), on the data-parallel stream.
    /// Returns, per chunk and layer, the gather the layer's first forward waits for.
    func prefetchParameters(_ b: inout StepGraphBuilder, stage: Int, on data: StepStreamID) -> [[StepOpID?]] {
        let p = job.layout.pipeline, layers = job.layersPerVirtualStage
        let bytesPerParameter = job.states.weightPrecision.bytesPerElement
        var result = (0..<job.schedule.chunks).map { [StepOpID?](repeating: nil, count: layers[$0 * p + stage]) }
        var bucket = [embeddingParameters(stage: stage), 0.0]
        var waiting: [(chunk: Int, layer: Int)] = []
        for chunk in result.indices {
            for layer in result[chunk].indices {
                for group in ParameterGroup.allCases { bucket[group.rawValue] += blockParameters(group) }
                waiting.append((chunk, layer))
                let isLast = chunk == result.count - 1 && layer == result[chunk].count - 1
                guard (bucket[0] + bucket[1]) * bytesPerParameter >= bucketBytes || isLast else { continue }
                let gathers = ParameterGroup.allCases.flatMap { group in
                    dataCollectives(.allGather, bytes: bucket[group.rawValue] * bytesPerParameter, stage: stage, group: group)
                }
                let op: StepOpID? = gathers.isEmpty ? nil : b.collective(.dataCommunication, gathers, on: data)
                for (chunk, layer) in waiting { result[chunk][layer] = op }
                waiting = []
                bucket = [0, 0]
            }
        }
        return result
    }

    /// ZeRO-3 gather of one layer's parameters, prefetched at most two layers ahead.
    func parameterGather(_ b: inout StepGraphBuilder, state: inout StageState) -> StepOpID? {
        let bytesPerParameter = job.states.weightPrecision.bytesPerElement
        let gathers = ParameterGroup.allCases.flatMap { group in
            dataCollectives(.allGather, bytes: blockParameters(group) * bytesPerParameter, stage: state.stage, group: group)
        }
        guard !gathers.isEmpty else { return nil }
        return b.collective(.dataCommunication, gathers, on: state.data, after: state.recentCompute.0)
    }

    /// The end of a stage's step: remaining buckets, the optimizer, and for a sharded
    /// optimizer the all-gather of updated parameters.
    func finishStage(_ b: inout StepGraphBuilder, compute: StepStreamID, state: inout StageState) {
        let bytesPerParameter = job.states.gradientPrecision.bytesPerElement
        let extra = embeddingParameters(stage: state.stage) * bytesPerParameter
        state.parameters[ParameterGroup.dense.rawValue] += extra / bytesPerParameter
        if synchronisation == .fullyShardedLayers {
            let scatter = dataCollectives(.reduceScatter, bytes: extra, stage: state.stage)
            if !scatter.isEmpty {
                state.reductions.append(b.collective(.dataCommunication, scatter, on: state.scatter, after: state.lastCompute))
            }
        } else {
            state.bucketBytes[ParameterGroup.dense.rawValue] += extra
            for group in ParameterGroup.allCases {
                state.bucketBytes[group.rawValue] += state.pendingAfterBackward[group.rawValue]
                flushBucket(&b, group: group, after: state.lastCompute, state: &state)
            }
        }
        let sharded = synchronisation != .allReduce || job.zero >= .optimizer
        let owned = ParameterGroup.allCases.reduce(0.0) { total, group in
            total + state.parameters[group.rawValue] / (sharded ? Double(replicas(group)) : 1)
        }
        let optimizer = b.timed(.optimizer, seconds: costs.optimizerSeconds(parameters: owned), on: compute)
        for reduction in state.reductions { b.depend(optimizer, on: reduction) }
        if synchronisation == .shardedOptimizer && !overlapsParameterGather {
            let gathers = ParameterGroup.allCases.flatMap { group in
                dataCollectives(
                    .allGather, bytes: state.parameters[group.rawValue] * job.states.weightPrecision.bytesPerElement,
                    stage: state.stage, group: group)
            }
            if !gathers.isEmpty { b.collective(.dataCommunication, gathers, on: state.data, after: optimizer) }
        }
    }
}
