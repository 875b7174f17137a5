import OrreryHardware
import OrreryKernel

/// One model replica: a model on `tensorParallel × pipelineParallel` GPUs, with
/// vLLM-style limits. The layers are split into `pipelineParallel` stages, each on a
/// tensor-parallel group; like vLLM, the replica then runs one scheduler per stage
/// ("virtual engines"), each with its share of the KV cache, so that several batches are
/// in flight in the pipeline at once (docs/serving.md, "Pipeline parallelism").
public struct ReplicaConfiguration: Sendable {
    /// vLLM's default `gpu_memory_utilization`: the fraction of HBM the engine may use.
    public static let defaultMemoryUtilisation = 0.9
    /// vLLM's default KV block size (PagedAttention, Kwon et al., SOSP'23), tokens.
    public static let defaultBlockSize = 16
    /// vLLM's default `max_num_seqs`: sequences batched in one iteration.
    public static let defaultMaxSequences = 256
    /// Free blocks kept back when admitting a prefill, as a fraction of all blocks
    /// (vLLM's `watermark` 0.01), so admissions do not immediately force preemptions.
    public static let admissionWatermark = 0.01
    /// vLLM's default `swap_space`: 4 GiB of pinned host memory per GPU for swapped KV.
    public static let defaultSwapSpaceBytesPerGPU = 4 << 30

    /// Default latency of one activation send between pipeline stages, 10 µs: an NCCL
    /// send/receive of a small message within a node takes a few to ten microseconds
    /// (nccl-tests `sendrecv_perf`), a few more across InfiniBand.
    public static let defaultStageSendLatency = SimTime.microsecond.scaled(by: 10)
    /// Default per-GPU scale-out bandwidth between pipeline stages on different nodes,
    /// 50 GB/s: one 400 Gb/s NIC per GPU (DGX A100/H100).
    public static let defaultScaleOutBytesPerSecond = 50e9

    public var model: ModelSpec
    public var gpu: GPUSpec
    public var tensorParallel: Int
    /// Pipeline stages, each on `tensorParallel` GPUs.
    public var pipelineParallel = 1
    /// GPUs in one node: a TP × PP group that fits in a node sends between stages over
    /// NVLink, a larger one over its NICs.
    public var gpusPerNode = 8
    /// Bytes/s each GPU sends activations to the next stage at; nil takes the GPU's
    /// scale-up bandwidth inside a node, ``defaultScaleOutBytesPerSecond`` across nodes.
    public var stageLinkBytesPerSecond: Double?
    public var stageSendLatency = ReplicaConfiguration.defaultStageSendLatency
    /// Fraction of each GPU's HBM the engine may use, in (0, 1].
    public var memoryUtilisation: Double
    /// Tokens per KV block.
    public var blockSize: Int
    /// Most sequences running at once.
    public var maxSequences: Int
    /// Token budget of one iteration; nil means the model's context length (vLLM's
    /// default without chunked prefill, so any admissible prompt fits one iteration).
    public var maxBatchedTokens: Int?
    /// Sarathi-Serve-style chunked prefill: prompts are split to fill each iteration's
    /// token budget alongside the running decodes, instead of prefill-only iterations.
    public var chunkedPrefill: Bool
    /// Roofline calibration for the iteration cost.
    public var efficiency: RooflineEfficiency
    /// Automatic prefix caching (vLLM's `enable_prefix_caching`) driven by the requests'
    /// prefix-block hashes; requests without hashes never hit.
    public var prefixCaching = false
    /// Tokens per prefix-block hash (the trace's block size, 512 for Mooncake); a whole
    /// number of KV blocks.
    public var prefixBlockTokens = MooncakeTrace.hashBlockTokens
    /// What a preempted sequence loses: its KV (recompute, vLLM's default for single
    /// sequences) or nothing (swap, KV copied to host memory and back).
    public var preemption: PreemptionMode = .recompute
    /// Host memory per GPU reserved for swapped-out KV blocks, bytes (vLLM's `swap_space`,
    /// default 4 GiB).
    public var swapSpaceBytesPerGPU = ReplicaConfiguration.defaultSwapSpaceBytesPerGPU
    /// Bytes/s each GPU copies to or from host memory; nil takes
    /// ``HostLink/defaultBytesPerSecond(gpu:)`` (its PCIe ×16 link at the pinned-copy efficiency).
    public var swapBytesPerSecondPerGPU: Double?
    public var allReduceLatency: SimTime
    public var iterationOverhead: SimTime
    /// Simulate runs of identical decode iterations as one event (``DecodeSpan``); off
    /// only to check the spans against the iteration-by-iteration loop.
    public var fastForwardDecodes = true
    /// Measured per-layer operator times to use for the GPU time instead of the roofline
    /// (communication and host overhead stay analytic), if given.
    public var operatorProfile: OperatorProfile?
    /// Measured iteration times to use instead of the analytic roofline, if given.
    public var timingTable: IterationTimeTable?

    public init(
        model: ModelSpec, gpu: GPUSpec, tensorParallel: Int = 1,
        memoryUtilisation: Double = defaultMemoryUtilisation, blockSize: Int = defaultBlockSize,
        maxSequences: Int = defaultMaxSequences, maxBatchedTokens: Int? = nil, chunkedPrefill: Bool = false,
        efficiency: RooflineEfficiency = .default,
        allReduceLatency: SimTime = IterationCostModel.defaultAllReduceLatency,
        iterationOverhead: SimTime = IterationCostModel.defaultIterationOverhead
    ) {
        self.model = model
        self.gpu = gpu
        self.tensorParallel = tensorParallel
        self.memoryUtilisation = memoryUtilisation
        self.blockSize = blockSize
        self.maxSequences = maxSequences
        self.maxBatchedTokens = maxBatchedTokens
        self.chunkedPrefill = chunkedPrefill
        self.efficiency = efficiency
        self.allReduceLatency = allReduceLatency
        self.iterationOverhead = iterationOverhead
    }

    /// GPUs one replica holds.
    public var gpusPerReplica: Int { tensorParallel * pipelineParallel }

    /// KV blocks of each of the replica's schedulers (vLLM divides the cache among its
    /// `pipelineParallel` virtual engines).
    public var kvBlocksPerEngine: Int { kvBlocks / Swift.max(pipelineParallel, 1) }

    /// The per-GPU bandwidth between pipeline stages in effect.
    public var stageLinkBytesPerSecondInEffect: Double {
        stageLinkBytesPerSecond
            ?? (gpusPerReplica <= gpusPerNode ? gpu.scaleUpBandwidthBytesPerSecond : Self.defaultScaleOutBytesPerSecond)
    }

    /// KV-cache bytes one token occupies across the replica's GPUs: the model's figure, or
    /// more when tensor parallelism exceeds the KV heads (``kvHeadsHeld``).
    public var kvBytesPerToken: Int { 2 * model.layers * kvHeadsHeld * model.headDim * model.bytesPerParameter }

    /// KV heads the replica stores, over all its GPUs: each GPU of the TP group holds
    /// `max(1, kvHeads / TP)` heads, so when TP exceeds the KV heads each head is
    /// replicated on TP / kvHeads GPUs (vLLM's `get_num_kv_heads`), shrinking the cache.
    public var kvHeadsHeld: Int { Swift.max(tensorParallel, 1) * Swift.max(1, model.kvHeads / Swift.max(tensorParallel, 1)) }

    /// Host-memory KV blocks across the replica for swapped-out sequences (0 unless swapping).
    public var swapBlocks: Int {
        guard preemption == .swap else { return 0 }
        return swapSpaceBytesPerGPU * gpusPerReplica / Swift.max(blockSize * kvBytesPerToken, 1)
    }

    /// Seconds per byte swapped: each GPU copies its shard of a block over its own host link.
    public var swapSecondsPerByte: Double {
        1 / (Double(gpusPerReplica) * (swapBytesPerSecondPerGPU ?? HostLink.defaultBytesPerSecond(gpu: gpu)))
    }

    /// The per-iteration token budget in effect.
    public var tokenBudget: Int { maxBatchedTokens ?? model.contextLength }

    /// Peak activation memory reserved on each GPU, bytes: the largest iteration's
    /// token activations (residual, attention and MLP intermediates: ≈ 4·hidden +
    /// 2·ffn/TP elements per token) plus FP32 logits for every running sequence. vLLM
    /// measures this by profiling a maximal batch; this is our estimate of that figure.
    public var activationWorkspaceBytesPerGPU: Int {
        let perToken = (4 * model.hidden + 2 * model.ffn / max(tensorParallel, 1)) * model.bytesPerParameter
        let logits = maxSequences * (model.vocabulary / max(tensorParallel, 1)) * 4
        return tokenBudget * perToken + logits
    }

    /// Bytes available for the KV cache across the replica:
    /// HBM × GPUs × utilisation − weights − activation workspace × GPUs.
    public var kvCapacityBytes: Int {
        let usable = Double(gpu.hbmCapacityBytes) * Double(gpusPerReplica) * memoryUtilisation
        // A NaN or negative utilisation (rejected by `validate()`) must not trap here.
        guard usable.isFinite, usable > 0, usable < 9e18 else { return 0 }
        return Int(usable) - model.weightBytes - activationWorkspaceBytesPerGPU * gpusPerReplica
    }

    /// KV blocks across the replica (each block holds `blockSize` tokens on every layer).
    public var kvBlocks: Int { max(kvCapacityBytes, 0) / (blockSize * kvBytesPerToken) }

    /// Checks limits and that the model fits with room for at least one full-length sequence.
    public func validate() throws(ServingError) {
        let subject = "replica of \(model.name) on \(tensorParallel)×\(pipelineParallel) \(gpu.name)"
        guard pipelineParallel >= 1, pipelineParallel <= model.layers, gpusPerNode >= 1 else {
            throw .invalidConfiguration("\(subject): pipeline stages must be from 1 to the model's \(model.layers) layers")
        }
        guard stageLinkBytesPerSecond.map({ $0.isFinite && $0 > 0 }) ?? true, stageSendLatency >= .zero else {
            throw .invalidConfiguration("\(subject): stage link bandwidth must be > 0 and stage send latency ≥ 0")
        }
        guard memoryUtilisation > 0, memoryUtilisation <= 1 else {
            throw .invalidConfiguration("\(subject): memory utilisation must be in (0, 1], got \(memoryUtilisation)")
        }
        guard blockSize >= 1, maxSequences >= 1, tokenBudget >= 1 else {
            throw .invalidConfiguration("\(subject): block size, max sequences and max batched tokens must be ≥ 1")
        }
        guard prefixBlockTokens >= blockSize, prefixBlockTokens % blockSize == 0 else {
            throw .invalidConfiguration(
                "\(subject): prefix blocks of \(prefixBlockTokens) tokens must be a whole number of \(blockSize)-token KV blocks")
        }
        guard swapSpaceBytesPerGPU >= 0, swapBytesPerSecondPerGPU.map({ $0.isFinite && $0 > 0 }) ?? true else {
            throw .invalidConfiguration("\(subject): swap space must be ≥ 0 and swap bandwidth > 0")
        }
        if timingTable != nil, operatorProfile != nil {
            throw .invalidConfiguration("\(subject): give an iteration table or an operator profile, not both")
        }
        if !chunkedPrefill, tokenBudget < model.contextLength {
            throw .invalidConfiguration(
                "\(subject): without chunked prefill, max batched tokens (\(tokenBudget)) must be ≥ the context length (\(model.contextLength))")
        }
        _ = try IterationCostModel(
            model: model, gpu: gpu, tensorParallel: tensorParallel, efficiency: efficiency,
            allReduceLatency: allReduceLatency, iterationOverhead: iterationOverhead)
        guard kvBlocksPerEngine * blockSize >= model.contextLength else {
            throw .invalidConfiguration(
                "\(subject): KV cache holds \(max(kvBlocksPerEngine * blockSize, 0)) tokens per scheduler, fewer than one \(model.contextLength)-token sequence (weights \(model.weightBytes) B, usable HBM \(Int(Double(gpu.hbmCapacityBytes) * Double(gpusPerReplica) * memoryUtilisation)) B)")
        }
    }
}
