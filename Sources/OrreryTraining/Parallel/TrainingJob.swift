import OrreryHardware

/// One training job: the model, the batch and how it is split over the GPUs.
public struct TrainingJob: Hashable, Sendable {
    public var model: TransformerSpec
    /// Tokens per sequence.
    public var sequence: Int
    /// Sequences per optimizer step (the global batch B).
    public var globalBatch: Int
    /// Sequences per microbatch (b).
    public var microbatch: Int
    public var layout: ParallelLayout
    public var schedule: PipelineSchedule
    public var recomputation: Recomputation
    /// Megatron sequence parallelism (norms and dropouts split over the tensor group).
    public var sequenceParallel: Bool
    /// Fused attention: no `s × s` score matrix in HBM.
    public var flashAttention: Bool
    /// Overlap tensor-parallel collectives with the GEMMs they feed (chunked, as
    /// Transformer Engine's userbuffers do).
    public var tensorCommunicationOverlap: Bool
    /// Start gradient reductions bucket by bucket during the last backward (PyTorch DDP,
    /// Megatron `--overlap-grad-reduce`) instead of after it.
    public var overlapGradientReduction: Bool
    /// With a sharded optimizer (ZeRO-1/2, Megatron's distributed optimizer): all-gather
    /// the updated parameters under the next step's forward, bucket by bucket, each layer
    /// waiting only for its own bucket (Megatron `--overlap-param-gather`), instead of
    /// after the optimizer, where the gather is exposed.
    public var overlapParameterGather: Bool = false
    /// Parameters per gradient bucket; nil for Megatron's default `max(40M, 1M·DP)`.
    public var gradientBucketParameters: Int?
    /// ZeRO partitioning of model states over the data-parallel group.
    public var zero: ZeROStage
    /// The precision GEMMs run in.
    public var precision: Precision
    public var states: ModelStateMemory

    public init(
        model: TransformerSpec, sequence: Int? = nil, globalBatch: Int, microbatch: Int = 1,
        layout: ParallelLayout, schedule: PipelineSchedule = .oneForwardOneBackward,
        recomputation: Recomputation = .selective, sequenceParallel: Bool = true, flashAttention: Bool = true,
        tensorCommunicationOverlap: Bool = false, overlapGradientReduction: Bool = true,
        gradientBucketParameters: Int? = nil, zero: ZeROStage = .none, precision: Precision = .bf16,
        states: ModelStateMemory = .mixedPrecisionAdam
    ) {
        self.model = model
        self.sequence = sequence ?? model.sequence
        self.globalBatch = globalBatch
        self.microbatch = microbatch
        self.layout = layout
        self.schedule = schedule
        self.recomputation = recomputation
        self.sequenceParallel = sequenceParallel
        self.flashAttention = flashAttention
        self.tensorCommunicationOverlap = tensorCommunicationOverlap
        self.overlapGradientReduction = overlapGradientReduction
        self.gradientBucketParameters = gradientBucketParameters
        self.zero = zero
        self.precision = precision
        self.states = states
    }

    /// The most microbatches one pipeline may run per step. Every microbatch is simulated
    /// (a pass per stage and chunk), so a global batch of 10⁹ sequences would take the
    /// memory of the machine; real runs use tens to hundreds (Megatron's GPT-1T: 512).
    public static let maxMicrobatchesPerStep = 16_384
    /// The most passes (microbatches × pipeline stages × chunks) one step may simulate,
    /// for the same reason; Megatron's GPT-1T (64 stages, 512 microbatches) needs 32,768.
    public static let maxPipelinePassesPerStep = 1 << 20

    /// Microbatches each pipeline runs per step: `B / (DP · b)`.
    public var microbatches: Int { globalBatch / (layout.data * microbatch) }
    /// Tokens per step.
    public var tokensPerStep: Double { Double(globalBatch) * Double(sequence) }
    /// The layer slice one GPU computes.
    public var shard: LayerShard {
        LayerShard(
            microbatch: microbatch, sequence: sequence, tensorParallel: layout.tensor,
            contextParallel: layout.context, sequenceParallel: sequenceParallel, flashAttention: flashAttention)
    }
    /// Parameters per gradient bucket.
    public var bucketParameters: Int { gradientBucketParameters ?? max(40_000_000, 1_000_000 * layout.data) }

    /// Checks the batch and layout against the model and each other.
    public func validate() throws(TrainingError) {
        try model.validate()
        let subject = "training job (\(model.name))"
        for (field, value) in [
            ("sequence", sequence), ("global batch", globalBatch), ("microbatch", microbatch),
            ("tensor parallel", layout.tensor), ("pipeline parallel", layout.pipeline), ("data parallel", layout.data),
            ("context parallel", layout.context), ("expert parallel", layout.expert), ("chunks", schedule.chunks),
        ] where value < 1 {
            throw .invalidValue(subject: subject, field: field, value: "\(value)", expected: "at least 1")
        }
        guard globalBatch % (layout.data * microbatch) == 0 else {
            throw .incompatible(
                "\(subject): global batch \(globalBatch) is not a multiple of data parallel × microbatch "
                    + "(\(layout.data) × \(microbatch))")
        }
        guard model.heads % layout.tensor == 0, model.kvHeads % layout.tensor == 0 || layout.tensor % model.kvHeads == 0 else {
            throw .incompatible("\(subject): tensor parallel \(layout.tensor) does not divide the \(model.heads) heads")
        }
        guard microbatches <= Self.maxMicrobatchesPerStep else {
            throw .incompatible(
                "\(subject): global batch \(globalBatch) over data parallel × microbatch (\(layout.data) × \(microbatch)) "
                    + "is \(microbatches) microbatches per step; at most \(Self.maxMicrobatchesPerStep) are simulated "
                    + "(raise the microbatch or data parallelism)")
        }
        let virtualStages = layout.pipeline * schedule.chunks
        guard model.layers >= virtualStages else {
            throw .incompatible(
                "\(subject): \(model.layers) layers cannot fill \(layout.pipeline) stages × \(schedule.chunks) chunks")
        }
        guard microbatches * virtualStages <= Self.maxPipelinePassesPerStep else {
            throw .incompatible(
                "\(subject): \(microbatches) microbatches through \(layout.pipeline) stages × \(schedule.chunks) chunks "
                    + "is \(microbatches * virtualStages) passes per step; at most \(Self.maxPipelinePassesPerStep) are simulated")
        }
        if schedule.chunks > 1 {
            guard layout.pipeline > 1, microbatches % layout.pipeline == 0 else {
                throw .incompatible(
                    "\(subject): the interleaved schedule needs pipeline parallel > 1 and microbatches "
                        + "(\(microbatches)) a multiple of the stages (\(layout.pipeline))")
            }
        }
        guard sequence % layout.context == 0 else {
            throw .incompatible("\(subject): context parallel \(layout.context) does not divide the sequence \(sequence)")
        }
        guard layout.data % layout.expert == 0, layout.expert <= model.experts, model.experts % layout.expert == 0 else {
            throw .incompatible(
                "\(subject): expert parallel \(layout.expert) must divide both data parallel (\(layout.data)) "
                    + "and the experts (\(model.experts))")
        }
    }

    /// Layers of each virtual stage (stage-major within each chunk: virtual stage
    /// `chunk·p + stage`), spreading a remainder over the middle stages.
    public var layersPerVirtualStage: [Int] {
        let count = layout.pipeline * schedule.chunks
        let base = model.layers / count, extra = model.layers % count
        let offset = (count - extra) / 2
        return (0..<count).map { base + ($0 >= offset && $0 < offset + extra ? 1 : 0) }
    }
}

/// The machines a job runs on: identical nodes, each one NVLink domain.
public struct TrainingCluster: Hashable, Sendable {
    public var node: NodeSpec
    public var nodes: Int

    public init(node: NodeSpec, nodes: Int) {
        self.node = node
        self.nodes = nodes
    }

    public var gpus: Int { node.gpusPerNode * nodes }
    public var gpu: GPUSpec { node.gpu }
    /// GPUs of one scale-up (NVLink) domain: the node's, or a rack's for systems whose
    /// domain spans several nodes (18 compute trays × 4 = 72 for GB200 NVL72). Ranks
    /// `k·g ..< (k+1)·g` share one, as in `Topology.scaleUpDomain(ofRank:)`.
    public var gpusPerScaleUpDomain: Int { node.gpusPerNode * max(1, node.nodesPerScaleUpDomain) }
    /// Bytes per second of one GPU's NIC (one compute NIC per GPU on DGX systems).
    public var nicBytesPerSecond: Double {
        node.nicBandwidthBitsPerSecond / 8 * Double(node.nicCount) / Double(node.gpusPerNode)
    }

    /// Closed-form collective timings on this cluster.
    public func collectiveTime(_ calibration: TrainingCalibration) -> ClosedFormCollectiveTime {
        ClosedFormCollectiveTime(
            gpusPerDomain: gpusPerScaleUpDomain, scaleUpBytesPerSecond: node.gpu.scaleUpBandwidthBytesPerSecond,
            scaleOutBytesPerSecond: nicBytesPerSecond, calibration: calibration)
    }
}
