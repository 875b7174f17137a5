import OrreryHardware
import OrreryKernel

/// What one batching iteration does, summed over its sequences: the inputs of the cost
/// model. Plain counters, filled in place by the scheduler (no allocation).
public struct IterationWork: Sendable, Equatable {
    /// Prompt tokens processed (prefill or prefill chunks).
    public var prefillTokens: Int = 0
    /// Prompt chunks (one per prefilling sequence) in the iteration.
    public var prefillSequences: Int = 0
    /// Σ over prefill chunks of the causal attention pairs, `n·s + n(n+1)/2` for a chunk
    /// of `n` tokens after `s` already cached tokens: each query attends to every earlier key.
    public var prefillAttentionPairs: Int = 0
    /// Sequences decoding one token.
    public var decodeSequences: Int = 0
    /// Σ over decoding sequences of the keys each new token attends to (its context).
    public var decodeContextTokens: Int = 0
    /// Σ over prefill chunks of the already-cached tokens they read back (chunked prefill).
    public var prefillCachedTokensRead: Int = 0
    /// KV bytes copied between GPU and host memory before the step (swap-outs and
    /// swap-ins), across the replica; priced by the replica, not the iteration backends.
    public var swapBytes: Int = 0

    public init() {}

    /// Tokens that go through the weights this iteration.
    public var tokens: Int { prefillTokens + decodeSequences }
    public var isEmpty: Bool { tokens == 0 }
}

/// The analytic iteration-time backend: a roofline over the whole iteration, divided
/// over the tensor-parallel group, plus tensor-parallel all-reduces and a fixed overhead.
///
///     flops  = 2 · P_matmul · tokens + 4 · layers · heads · headDim · (attention pairs)
///     bytes  = weightBytes + kvBytesPerToken · (decode context + cached reads + new tokens)
///     t_gpu  = max(flops / (peak_bf16 · ηc), bytes / (HBM bw · ηm)) / TP
///     t_ar   = layers · 2 · allReduce(tokens · hidden · b)     (TP > 1, ``TensorParallelCommunication``)
///     t_pp   = (PP − 1) · (α_send + tokens · hidden · b / (TP × stage link bw))
///     t      = t_gpu + t_ar + t_pp + host overhead
///
/// Prefill is compute-bound (many tokens per weight byte), decode memory-bound (every
/// weight and the whole KV context are read for one token per sequence), and the max
/// picks whichever applies to a mixed batch. The two all-reduces per layer are Megatron-LM's
/// (after attention and after the MLP).
///
/// The fixed terms are what make small batches at high TP overhead-bound: Llama-2-7B on
/// eight A100s streams its weight shard in about 1 ms per decode step, while 64
/// all-reduces at α = 10 µs and 1 ms of host work add 1.6 ms that no extra GPU removes.
public struct IterationCostModel: Sendable {
    /// Default per-all-reduce latency α (see ``TensorParallelCommunication/defaultLatency``).
    public static let defaultAllReduceLatency = TensorParallelCommunication.defaultLatency
    /// Default host overhead per iteration, 1 ms: CPU work the GPU roofline does not see
    /// (scheduling the batch, preparing inputs, sampling, processing outputs, launching
    /// the step's CUDA graph). vLLM's v0.6.0 release notes (September 2024) profiled
    /// Llama-3-8B on one H100 under v0.5.3 with the GPU busy only 38% of the time, the
    /// scheduler and input preparation taking 29% — several milliseconds per step; the
    /// multi-step scheduling and asynchronous output processing introduced then hide most
    /// of it. 1 ms is our figure for such a modern engine; calibrate it, or use measured
    /// step times (the table backend), when it matters.
    public static let defaultIterationOverhead = SimTime.millisecond
    /// All-reduces per transformer layer under Megatron-style tensor parallelism.
    public static let allReducesPerLayer = 2

    public let model: ModelSpec
    public let gpu: GPUSpec
    public let tensorParallel: Int
    public let efficiency: RooflineEfficiency
    public let allReduceLatency: SimTime
    public let iterationOverhead: SimTime

    // Pre-multiplied rates so the hot path is a handful of multiply-adds.
    private let achievedFLOPS: Double
    private let achievedBandwidth: Double
    // Model-derived figures, computed once (the ModelSpec getters recount parameters).
    private let matmulParameters: Double
    private let weightBytes: Double
    private let kvBytesPerToken: Double
    /// FLOPs per query–key pair over all layers: 2 (QKᵀ) + 2 (AV) multiply-adds per
    /// head dimension, per head, per layer.
    private let attentionFLOPsPerPair: Double
    private let communication: TensorParallelCommunication

    /// - Parameter kvBytesPerToken: KV bytes per token across the replica (more than the
    ///   model's when TP exceeds the KV heads and heads are replicated); the model's by default.
    public init(
        model: ModelSpec, gpu: GPUSpec, tensorParallel: Int, efficiency: RooflineEfficiency = .default,
        allReduceLatency: SimTime = defaultAllReduceLatency, iterationOverhead: SimTime = defaultIterationOverhead,
        kvBytesPerToken: Int? = nil, pipeline: PipelineStages = PipelineStages()
    ) throws(ServingError) {
        guard tensorParallel >= 1 else {
            throw .invalidConfiguration("tensor-parallel degree must be ≥ 1, got \(tensorParallel)")
        }
        guard model.heads % tensorParallel == 0, model.kvHeads % tensorParallel == 0 || tensorParallel % model.kvHeads == 0 else {
            throw .invalidConfiguration(
                "model \"\(model.name)\": \(model.heads) heads / \(model.kvHeads) KV heads cannot be split over TP=\(tensorParallel)")
        }
        guard let peak = gpu.peakFLOPS(.bf16) else {
            throw .invalidConfiguration("GPU \"\(gpu.name)\" has no BF16 peak")
        }
        guard allReduceLatency >= .zero, iterationOverhead >= .zero else {
            throw .invalidConfiguration("all-reduce latency and iteration overhead must be ≥ 0")
        }
        self.model = model
        self.gpu = gpu
        self.tensorParallel = tensorParallel
        self.efficiency = efficiency
        self.allReduceLatency = allReduceLatency
        self.iterationOverhead = iterationOverhead
        achievedFLOPS = peak * efficiency.computeEfficiency
        achievedBandwidth = gpu.hbmBandwidthBytesPerSecond * efficiency.memoryEfficiency
        matmulParameters = Double(model.matmulParameterCount)
        weightBytes = Double(model.weightBytes)
        self.kvBytesPerToken = Double(kvBytesPerToken ?? model.kvBytesPerToken)
        attentionFLOPsPerPair = 4 * Double(model.layers * model.heads * model.headDim)
        communication = TensorParallelCommunication(groupSize: tensorParallel, gpu: gpu, latency: allReduceLatency)
        self.pipeline = pipeline
        let layerMatmuls = model.transformer.activeLayerParameters - model.transformer.normParameters
        linearScale = matmulParameters / (Double(model.layers) * layerMatmuls)
    }

    /// The pipeline stages a batch passes through in turn (one stage without PP).
    public let pipeline: PipelineStages

    /// Seconds a batch of `work` spends sending activations between pipeline stages:
    /// `(PP − 1) × (latency + tokens · hidden · b / (TP × link bandwidth))`, each GPU of
    /// the TP group sending its share.
    public func stageSendSeconds(_ work: IterationWork) -> Double {
        guard pipeline.stages > 1 else { return 0 }
        let bytes = Double(work.tokens * model.hidden * model.bytesPerParameter)
        let perSend = pipeline.sendLatency.seconds + bytes / (Double(tensorParallel) * pipeline.linkBytesPerSecond)
        return Double(pipeline.stages - 1) * perSend
    }

    /// FLOPs of `work` across the whole replica.
    public func flops(_ work: IterationWork) -> Double {
        let linear = 2 * matmulParameters * Double(work.tokens)
        let attentionPairs = Double(work.prefillAttentionPairs + work.decodeContextTokens)
        return linear + attentionFLOPsPerPair * attentionPairs
    }

    /// HBM bytes of `work` across the whole replica: weights once, KV read and written.
    public func bytes(_ work: IterationWork) -> Double {
        let kvTokens = work.decodeContextTokens + work.prefillCachedTokensRead + work.tokens
        return weightBytes + kvBytesPerToken * Double(kvTokens)
    }

    /// GPU time of `work` through all pipeline stages (each holds 1/PP of the layers and
    /// a batch visits them in turn, so the sum is the whole model on one TP group), seconds.
    public func gpuSeconds(_ work: IterationWork) -> Double {
        Swift.max(flops(work) / achievedFLOPS, bytes(work) / achievedBandwidth) / Double(tensorParallel)
    }

    /// All-reduce time of `work`, seconds (zero without tensor parallelism).
    public func allReduceSeconds(_ work: IterationWork) -> Double {
        guard tensorParallel > 1 else { return 0 }
        let messageBytes = Double(work.tokens * model.hidden * model.bytesPerParameter)
        return Double(model.layers * Self.allReducesPerLayer) * communication.allReduceSeconds(messageBytes: messageBytes)
    }

    /// Duration of the iteration doing `work` (zero for empty work).
    public func time(_ work: IterationWork) -> SimTime {
        guard !work.isEmpty else { return .zero }
        return .seconds(gpuSeconds(work) + allReduceSeconds(work) + stageSendSeconds(work)) + iterationOverhead
    }

    /// Duration of `work` with the GPU time taken from a per-operator `profile` and the
    /// communication and host terms from this model.
    public func time(_ work: IterationWork, profile: OperatorProfile) -> SimTime {
        guard !work.isEmpty else { return .zero }
        let layers = Double(model.layers) * profile.layerSeconds(work, linearScale: linearScale)
        return .seconds(layers + allReduceSeconds(work) + stageSendSeconds(work)) + iterationOverhead
    }

    /// The whole model's matmul parameters over its layers' (the LM head's share), for
    /// scaling a per-layer operator profile.
    private let linearScale: Double
}
