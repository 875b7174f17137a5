import OrreryFabric
import OrreryHardware

/// Durations and sizes of the pieces a step is made of, on one GPU of a job: what
/// strategies assemble into a ``StepGraph``.
///
/// A block's time is its GEMM FLOPs at the achieved compute rate plus its elementwise
/// HBM traffic at the achieved memory rate (both from the roofline with the
/// calibration's efficiencies): GEMMs are compute-bound and elementwise kernels
/// memory-bound, and the two run one after the other.
public struct LayerCosts: Sendable {
    public let job: TrainingJob
    public let cluster: TrainingCluster
    public let calibration: TrainingCalibration
    public let timing: ClosedFormCollectiveTime

    /// One block's forward on one GPU: kernel seconds and the tensor-parallel
    /// communication it exposes.
    public let blockForward: (compute: Double, communication: Double)
    /// One block's backward, including any recomputation.
    public let blockBackward: (compute: Double, communication: Double)
    /// LM head and loss, forward and backward.
    public let headForward: Double
    public let headBackward: Double
    /// Bytes of one microbatch's activations sent between pipeline stages.
    public let pipelineMessageBytes: Double
    /// Gradient bytes of one block on one GPU, and of the embedding/head.
    public let blockGradientBytes: Double
    public let embeddingGradientBytes: Double
    /// Expert all-to-all bytes per GPU per direction of one MoE block (0 for dense).
    public let expertDispatchBytes: Double
    /// Context parallelism (ring attention): bytes of one pass's K and V all-gather over
    /// the context group (nccl-tests convention: the gathered total), 0 without CP. The
    /// step graph runs it on the fabric beside the attention core.
    public let contextExchangeBytes: Double
    /// Seconds of the attention core (QKᵀ and ·V) in a block's forward and backward
    /// (backward including any recomputed forward): the compute a context-parallel
    /// exchange can hide under. Part of ``blockForward`` and ``blockBackward``.
    public let attentionCore: (forward: Double, backward: Double)

    public init(job: TrainingJob, cluster: TrainingCluster, calibration: TrainingCalibration = .default) throws(TrainingError) {
        self.job = job
        self.cluster = cluster
        self.calibration = calibration
        timing = cluster.collectiveTime(calibration)
        let model = job.model, shard = job.shard, gpu = cluster.gpu
        let t = Double(job.layout.tensor)

        func seconds(flops: Double, bytes: Double) throws(TrainingError) -> Double {
            do {
                let gemm = try Roofline.time(
                    of: OpCost(flops: flops, bytes: 0, precision: job.precision), on: gpu, efficiency: calibration.roofline)
                let elementwise = try Roofline.time(
                    of: OpCost(flops: 0, bytes: bytes, precision: job.precision), on: gpu, efficiency: calibration.roofline)
                return gemm.seconds + elementwise.seconds
            } catch {
                throw .invalidValue(
                    subject: "GPU \(gpu.name)", field: "precision", value: job.precision.rawValue, expected: "\(error)")
            }
        }

        // Tensor-parallel traffic: with or without sequence parallelism a block does the
        // equivalent of two all-reduces of b·s·h 16-bit values per pass (Korthikanti §4.2.2).
        let activationBytes = Double(job.microbatch * job.sequence * model.hidden) * 2 / Double(job.layout.context)
        let allReduce = timing.seconds(.allReduce, ranks: job.layout.tensor, bytes: activationBytes, insideDomain: true)
        let passCommunication = 2 * allReduce

        let forwardFLOPs = model.blockForwardFLOPs(shard)
        let forwardBytes = model.blockForwardBytes(shard)
        let forward = try seconds(flops: forwardFLOPs, bytes: forwardBytes)
        let recomputeFLOPs = model.blockRecomputeFLOPs(shard, policy: job.recomputation)
        let recompute: Double =
            switch job.recomputation {
            case .none: 0
            case .selective: try seconds(flops: recomputeFLOPs, bytes: 2 * model.scoreMatrixBytes(shard) * (shard.flashAttention ? 0 : 1))
            case .full: forward
            }
        let backward = try seconds(flops: 2 * forwardFLOPs, bytes: 2 * forwardBytes) + recompute
        let backwardPasses = job.recomputation == .full ? 2.0 : 1.0
        let tensorForward = Self.overlapped(compute: forward, communication: passCommunication, enabled: job.tensorCommunicationOverlap)
        let tensorBackward = Self.overlapped(
            compute: backward, communication: backwardPasses * passCommunication, enabled: job.tensorCommunicationOverlap)
        // Context parallelism (ring attention): each rank gathers the other ranks' K and V
        // in the forward and reduce-scatters their gradients in the backward, chunk by
        // chunk under the attention core. The strategies run these as collectives on the
        // fabric beside the core, so only what the core cannot cover is exposed.
        let core = try seconds(
            flops: model.blockAttentionFLOPs(microbatch: job.microbatch, sequence: job.sequence) / shard.split, bytes: 0)
        attentionCore = (core, (job.recomputation == .none ? 2 : 3) * core)
        contextExchangeBytes = job.layout.context > 1
            ? 2 * Double(job.microbatch * job.sequence * model.kvWidth) * 2 / t : 0
        blockForward = tensorForward
        blockBackward = tensorBackward

        let logitsBytes = Double(job.microbatch * job.sequence) * Double(model.vocabulary) / (t * Double(job.layout.context))
        // Logits are written in 16 bits, then read and written in fp32 by the loss (≈ 10 B each).
        headForward = try seconds(flops: model.headForwardFLOPs(shard), bytes: 10 * logitsBytes)
        headBackward = try seconds(flops: 2 * model.headForwardFLOPs(shard), bytes: 10 * logitsBytes)

        pipelineMessageBytes = activationBytes / t
        let gradientBytesPerParameter = job.states.gradientPrecision.bytesPerElement
        blockGradientBytes = Self.blockParametersPerGPU(job) * gradientBytesPerParameter
        embeddingGradientBytes = Double(model.vocabulary * model.hidden) / t * gradientBytesPerParameter
        expertDispatchBytes = model.isMixtureOfExperts
            ? Double(job.microbatch * job.sequence * model.hidden * model.topK) * 2 / (t * Double(job.layout.context)) : 0
    }

    /// Parameters of one block held by one GPU: dense parts split by TP, experts by TP × EP.
    public static func blockParametersPerGPU(_ job: TrainingJob) -> Double {
        let model = job.model, t = Double(job.layout.tensor)
        let dense = model.attentionParameters + model.routerParameters + model.normParameters
        return dense / t + Double(model.experts) * model.expertParameters / (t * Double(job.layout.expert))
    }

    /// The part of ``blockParametersPerGPU(_:)`` sharded by expert parallelism: with
    /// EP > 1 these parameters are replicated only over the expert-data-parallel group
    /// (DP / EP ranks holding the same experts), so their gradients are reduced, and
    /// their ZeRO shards split, over that group rather than the whole data-parallel one.
    /// Zero for dense models and for EP = 1 (every replica holds every expert).
    public static func blockExpertParametersPerGPU(_ job: TrainingJob) -> Double {
        guard job.layout.expert > 1, job.model.isMixtureOfExperts else { return 0 }
        let model = job.model
        return Double(model.experts) * model.expertParameters / (Double(job.layout.tensor) * Double(job.layout.expert))
    }

    /// Ranks that hold the same parameters as a data-parallel replica's expert shard:
    /// DP / EP for expert-parallel parameters.
    public static func expertDataParallel(_ job: TrainingJob) -> Int { job.layout.data / max(1, job.layout.expert) }

    /// Optimizer update of `parameters` on one GPU: Adam reads gradient, master weights and
    /// both moments and writes them back plus the 16-bit copy (≈ 30 B per parameter).
    public func optimizerSeconds(parameters: Double) -> Double {
        let bytes = parameters * (job.states.gradientPrecision.bytesPerElement + 2 * job.states.optimizerBytesPerParameter + 2)
        return bytes / (cluster.gpu.hbmBandwidthBytesPerSecond * calibration.roofline.memoryEfficiency)
    }

    /// Kernel time and exposed communication of a block pass. Without overlap the
    /// collectives run between the GEMMs; with it each GEMM is cut into chunks whose
    /// communication hides under the next chunk, leaving one chunk's worth exposed.
    static func overlapped(compute: Double, communication: Double, enabled: Bool) -> (compute: Double, communication: Double) {
        guard enabled else { return (compute, communication) }
        let chunks = 4.0
        let total = max(compute, communication) + min(compute, communication) / chunks
        return (compute, total - compute)
    }
}
