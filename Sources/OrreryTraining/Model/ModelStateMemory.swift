import OrreryHardware

/// Which model states ZeRO partitions over the data-parallel group
/// (Rajbhandari et al., "ZeRO: Memory Optimizations Toward Training Trillion Parameter
/// Models", SC'20, §5).
public enum ZeROStage: Int, CaseIterable, Hashable, Sendable, Comparable {
    /// Nothing partitioned (plain data parallel).
    case none = 0
    /// Optimizer states partitioned (P_os).
    case optimizer = 1
    /// Optimizer states and gradients (P_os+g).
    case gradients = 2
    /// Optimizer states, gradients and parameters (P_os+g+p; FSDP full shard).
    case parameters = 3

    public static func < (a: ZeROStage, b: ZeROStage) -> Bool { a.rawValue < b.rawValue }
}

/// Bytes per parameter of the model states under mixed-precision Adam.
///
/// ZeRO §3.1: 16-bit weights (2 B) and gradients (2 B), plus fp32 master weights,
/// momentum and variance (K = 12 B): 16 B per parameter before partitioning.
public struct ModelStateMemory: Hashable, Sendable {
    public var weightPrecision: Precision
    public var gradientPrecision: Precision
    /// Optimizer bytes per parameter (K): 12 for Adam with fp32 master weights.
    public var optimizerBytesPerParameter: Double

    public init(weightPrecision: Precision = .bf16, gradientPrecision: Precision = .bf16, optimizerBytesPerParameter: Double = 12) {
        self.weightPrecision = weightPrecision
        self.gradientPrecision = gradientPrecision
        self.optimizerBytesPerParameter = optimizerBytesPerParameter
    }

    /// Mixed-precision Adam as in ZeRO: 2 + 2 + 12 bytes per parameter.
    public static let mixedPrecisionAdam = ModelStateMemory()

    /// Bytes of weights, gradients and optimizer state one GPU holds for `parameters`
    /// parameters (already divided by tensor and pipeline parallelism) when the states
    /// `stage` names are partitioned over `dataParallel` GPUs.
    public func bytes(parameters: Double, stage: ZeROStage, dataParallel: Int) -> (weights: Double, gradients: Double, optimizer: Double) {
        let d = Double(max(dataParallel, 1))
        let weights = parameters * weightPrecision.bytesPerElement / (stage >= .parameters ? d : 1)
        let gradients = parameters * gradientPrecision.bytesPerElement / (stage >= .gradients ? d : 1)
        let optimizer = parameters * optimizerBytesPerParameter / (stage >= .optimizer ? d : 1)
        return (weights, gradients, optimizer)
    }
}
