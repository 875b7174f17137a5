import OrreryFabric

/// How data-parallel replicas keep their gradients and parameters in step.
enum GradientSynchronisation {
    /// All-reduce gradient buckets (DDP, Megatron without a distributed optimizer).
    case allReduce
    /// Reduce-scatter gradient buckets, update the local shard, all-gather the updated
    /// parameters (ZeRO-1/2, Megatron's distributed optimizer).
    case shardedOptimizer
    /// Parameters are sharded too: all-gather each layer before its forward and its
    /// backward, reduce-scatter its gradients after the last backward (ZeRO-3, FSDP).
    case fullyShardedLayers
}

/// Which replicas hold a parameter, and so which ranks reduce its gradients and share its
/// ZeRO shards: the whole data-parallel group for dense weights, the expert-data-parallel
/// group (DP / EP ranks) for expert-parallel weights.
enum ParameterGroup: Int, CaseIterable {
    case dense
    case experts
}

/// Expands a step of a pipelined, tensor- and data-parallel job into a graph: the
/// shared machinery of the Megatron, ZeRO, FSDP and DDP strategies.
///
/// One timeline per pipeline stage stands for its TP × CP × DP GPUs (they run the same
/// program on different data). Each stage has a compute stream running its schedule
/// slot by slot and layer by layer, two send streams (activations forward, gradients
/// backward) and data-parallel streams. Cross-stage edges go through send/receive ops,
/// so a slot whose input has not arrived waits: the pipeline bubble is not a formula.
/// Gradient buckets fill during each chunk's last backward and are reduced on the
/// data-parallel stream while the backward goes on.
struct PipelineStepBuilder {
    let costs: LayerCosts
    let synchronisation: GradientSynchronisation

    var job: TrainingJob { costs.job }

    func build(into b: inout StepGraphBuilder) {
        let layout = job.layout
        let p = layout.pipeline, v = job.schedule.chunks, m = job.microbatches, virtualStages = p * v
        let layers = job.layersPerVirtualStage
        let gpusPerStage = Double(layout.tensor * layout.context * layout.data)
        let none: Int32 = -1
        var forwardFirst = [Int32](repeating: none, count: virtualStages * m)
        var forwardLast = forwardFirst, backwardFirst = forwardFirst, sentForward = forwardFirst
        var sentBackward = forwardFirst

        for stage in 0..<p {
            let compute = b.addTimeline(weight: gpusPerStage)
            let sendForward = b.addStream(besides: compute)
            let sendBackward = b.addStream(besides: compute)
            let data = b.addStream(besides: compute)
            let scatter = synchronisation == .fullyShardedLayers ? b.addStream(besides: compute) : data
            let context = layout.context > 1 ? b.addStream(besides: compute) : data
            var stageState = StageState(stage: stage, data: data, scatter: scatter, context: context)
            let prefetched = overlapsParameterGather ? prefetchParameters(&b, stage: stage, on: data) : []
            for slot in job.schedule.program(stage: stage, stages: p, microbatches: m) {
                let virtual = slot.chunk * p + stage
                let index = virtual * m + slot.microbatch
                if slot.isForward {
                    var first: StepOpID?
                    var last: StepOpID?
                    for layer in 0..<layers[virtual] {
                        // The first forward through a chunk waits for its parameters' gather.
                        let gather = slot.microbatch == 0 && !prefetched.isEmpty ? prefetched[slot.chunk][layer] : nil
                        let op = forwardLayer(&b, compute: compute, state: &stageState, after: gather)
                        first = first ?? op.first
                        last = op.last
                    }
                    if virtual == virtualStages - 1 {
                        last = b.timed(.compute, seconds: costs.headForward, on: compute)
                        first = first ?? last
                    }
                    forwardFirst[index] = first?.index ?? none
                    forwardLast[index] = last?.index ?? none
                    if virtual < virtualStages - 1, let last {
                        sentForward[index] = send(&b, from: stage, to: (virtual + 1) % p, on: sendForward, after: last).index
                    }
                } else {
                    var first: StepOpID?
                    var last: StepOpID?
                    if virtual == virtualStages - 1 {
                        let head = b.timed(.compute, seconds: costs.headBackward, on: compute)
                        b.depend(head, on: StepOpID(index: forwardLast[index]))
                        first = head
                        last = head
                    }
                    let finalMicrobatch = slot.microbatch == m - 1
                    for _ in 0..<layers[virtual] {
                        let op = backwardLayer(&b, compute: compute, state: &stageState, final: finalMicrobatch)
                        first = first ?? op.first
                        last = op.last
                    }
                    if let first { backwardFirst[index] = first.index }
                    if virtual > 0, let last {
                        sentBackward[index] = send(&b, from: stage, to: (virtual - 1) % p, on: sendBackward, after: last).index
                    }
                }
            }
            finishStage(&b, compute: compute, state: &stageState)
        }

        for virtual in 0..<virtualStages {
            for microbatch in 0..<m {
                let index = virtual * m + microbatch
                if virtual < virtualStages - 1, sentForward[index] != none, forwardFirst[index + m] != none {
                    b.depend(StepOpID(index: forwardFirst[index + m]), on: StepOpID(index: sentForward[index]))
                }
                if virtual > 0, sentBackward[index] != none, backwardFirst[index - m] != none {
                    b.depend(StepOpID(index: backwardFirst[index - m]), on: StepOpID(index: sentBackward[index]))
                }
            }
        }
    }

    /// What a stage carries from slot to slot: its streams, the gradient bucket being
    /// filled and the data-parallel ops the optimizer must wait for.
    struct StageState {
        let stage: Int
        let data: StepStreamID
        let scatter: StepStreamID
        /// Context-parallel K/V exchanges (the data stream when CP = 1, unused).
        let context: StepStreamID
        /// Per ``ParameterGroup``: gradient bytes in the open bucket, bytes held back
        /// until the backward ends (no overlap), and parameters this GPU owns.
        var bucketBytes = [0.0, 0.0]
        var pendingAfterBackward = [0.0, 0.0]
        var parameters = [0.0, 0.0]
        var reductions: [StepOpID] = []
        var lastCompute: StepOpID?
        /// FSDP prefetch: the compute op two layers back, which a gather waits for.
        var recentCompute: (StepOpID?, StepOpID?) = (nil, nil)
    }

    private func forwardLayer(
        _ b: inout StepGraphBuilder, compute: StepStreamID, state: inout StageState, after prefetched: StepOpID? = nil
    ) -> (first: StepOpID, last: StepOpID) {
        let gather = synchronisation == .fullyShardedLayers ? parameterGather(&b, state: &state) : prefetched
        let pass = blockPass(
            &b, compute: compute, state: state, after: gather, seconds: costs.blockForward,
            attentionCore: costs.attentionCore.forward, exchanges: [.allGather])
        let op = pass.last
        state.recentCompute = (state.recentCompute.1, op)
        let last = expertExchange(&b, compute: compute, stage: state.stage) ?? op
        state.lastCompute = last
        return (pass.first, last)
    }

    /// One block pass on the compute stream. Without context parallelism, one op. With
    /// it, ring attention: the attention core and the K/V exchange over every context
    /// group of the stage start together (after a zero-time marker that carries the
    /// pass's dependencies), and the rest of the block waits for both, so the exchange
    /// is exposed only where the core cannot cover it, and it contends on the fabric.
    private func blockPass(
        _ b: inout StepGraphBuilder, compute: StepStreamID, state: StageState, after dependency: StepOpID?,
        seconds: (compute: Double, communication: Double), attentionCore: Double, exchanges: [CollectiveKind]
    ) -> (first: StepOpID, last: StepOpID) {
        guard job.layout.context > 1, costs.contextExchangeBytes > 0 else {
            let op = b.timed(
                .compute, seconds: seconds.compute + seconds.communication,
                exposedCommunicationSeconds: seconds.communication, on: compute, after: dependency)
            return (op, op)
        }
        let start = b.timed(.compute, seconds: 0, on: compute, after: dependency)
        b.timed(.compute, seconds: attentionCore, on: compute)
        var collectives: [Collective] = []
        for kind in exchanges {
            for data in 0..<job.layout.data {
                for tensor in 0..<job.layout.tensor {
                    collectives.append(Collective(
                        kind: kind, ranks: job.layout.contextGroup(tensor: tensor, data: data, stage: state.stage),
                        bytes: costs.contextExchangeBytes))
                }
            }
        }
        let exchange = b.collective(.layerCommunication, collectives, on: state.context, after: start)
        let rest = b.timed(
            .compute, seconds: max(0, seconds.compute - attentionCore) + seconds.communication,
            exposedCommunicationSeconds: seconds.communication, on: compute, after: exchange)
        return (start, rest)
    }

    private func backwardLayer(
        _ b: inout StepGraphBuilder, compute: StepStreamID, state: inout StageState, final: Bool
    ) -> (first: StepOpID, last: StepOpID) {
        let gather = synchronisation == .fullyShardedLayers ? parameterGather(&b, state: &state) : nil
        // Ring attention's backward gathers K and V again (twice under full
        // recomputation) and reduce-scatters their gradients.
        let exchanges: [CollectiveKind] = job.recomputation == .full
            ? [.allGather, .allGather, .reduceScatter] : [.allGather, .reduceScatter]
        let pass = blockPass(
            &b, compute: compute, state: state, after: gather, seconds: costs.blockBackward,
            attentionCore: costs.attentionCore.backward, exchanges: exchanges)
        let op = pass.last
        state.recentCompute = (state.recentCompute.1, op)
        let last = expertExchange(&b, compute: compute, stage: state.stage) ?? op
        state.lastCompute = last
        if final {
            let bytesPerParameter = job.states.gradientPrecision.bytesPerElement
            for group in ParameterGroup.allCases {
                state.parameters[group.rawValue] += blockParameters(group)
                addGradients(&b, bytes: blockParameters(group) * bytesPerParameter, group: group, after: last, state: &state)
            }
        }
        return (pass.first, last)
    }

    /// MoE dispatch and combine of one pass (two all-to-alls over every expert-parallel
    /// group of the stage, as one op), blocking the compute stream. Dense models add nothing.
    private func expertExchange(_ b: inout StepGraphBuilder, compute: StepStreamID, stage: Int) -> StepOpID? {
        guard costs.expertDispatchBytes > 0, job.layout.expert > 1 else { return nil }
        var exchanges: [Collective] = []
        for context in 0..<job.layout.context {
            for tensor in 0..<job.layout.tensor {
                for group in 0..<(job.layout.data / job.layout.expert) {
                    exchanges.append(Collective(
                        kind: .allToAll,
                        ranks: job.layout.expertGroup(tensor: tensor, context: context, group: group, stage: stage),
                        bytes: 2 * costs.expertDispatchBytes))
                }
            }
        }
        return b.collective(.layerCommunication, exchanges, on: compute)
    }

    private func send(
        _ b: inout StepGraphBuilder, from stage: Int, to other: Int, on stream: StepStreamID, after op: StepOpID
    ) -> StepOpID {
        // One representative pair: the TP × CP × DP copies of this transfer use their own NICs.
        let ranks = [job.layout.rank(tensor: 0, context: 0, data: 0, stage: stage),
                     job.layout.rank(tensor: 0, context: 0, data: 0, stage: other)]
        return b.collective(
            .pipelineCommunication, [Collective(kind: .sendRecv, ranks: ranks, bytes: costs.pipelineMessageBytes)],
            on: stream, after: op)
    }
}
