/// Activation recomputation (checkpointing) policies, after Korthikanti et al. 2022,
/// "Reducing Activation Recomputation in Large Transformer Models".
public enum Recomputation: String, CaseIterable, Hashable, Sendable {
    /// Keep every activation.
    case none
    /// Recompute only the attention core (softmax, dropout, QKᵀ and ·V): drops the
    /// `5·a·s²·b` term at a small FLOP cost.
    case selective
    /// Keep only each layer's input; rerun the whole forward of a layer before its backward.
    case full
}

/// The slice of a transformer block one GPU works on: what the per-layer formulas need.
///
/// `microbatch` sequences of `sequence` tokens; the block is split over `tensorParallel`
/// GPUs (Megatron column/row splits) and the sequence over `contextParallel` GPUs.
public struct LayerShard: Hashable, Sendable {
    public var microbatch: Int
    public var sequence: Int
    public var tensorParallel: Int
    public var contextParallel: Int
    /// Megatron sequence parallelism: norms and dropouts are split over the TP group too.
    public var sequenceParallel: Bool
    /// Fused attention (FlashAttention) never materialises the `s × s` score matrix.
    public var flashAttention: Bool

    public init(
        microbatch: Int, sequence: Int, tensorParallel: Int = 1, contextParallel: Int = 1,
        sequenceParallel: Bool = true, flashAttention: Bool = false
    ) {
        self.microbatch = microbatch
        self.sequence = sequence
        self.tensorParallel = tensorParallel
        self.contextParallel = contextParallel
        self.sequenceParallel = sequenceParallel
        self.flashAttention = flashAttention
    }

    /// Tokens in the microbatch (all of them, before any split).
    var tokens: Double { Double(microbatch * sequence) }
    /// The factor every split op is divided by.
    var split: Double { Double(tensorParallel * contextParallel) }
}
