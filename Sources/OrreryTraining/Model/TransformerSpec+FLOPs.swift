/// Floating-point work of one transformer block and of the LM head, per GPU.
///
/// A multiply-add counts 2 FLOPs. Forward FLOPs of one block on `b` sequences of `s`
/// tokens (Narayanan et al. SC'21, §5.1, generalised to GQA, SwiGLU and MoE):
///
///     QKV + output projections   2·b·s·h·(2h + 2·kv)
///     attention core (QKᵀ, ·V)   4·b·s²·h          (no causal halving, as in the paper)
///     MLP                        2·b·s·h·ffn·matrices·topK  (+ router 2·b·s·h·E)
///
/// For GPT shapes that is `24·b·s·h² + 4·b·s²·h`. Backward is twice forward. The LM head
/// costs `2·b·s·h·V` forward. Summed over `l` layers and ×3, this gives the model FLOPs
/// `72·B·s·l·h²·(1 + s/(6h) + V/(12·l·h))`; full recomputation adds one more forward of
/// the blocks, giving the paper's `96·…·(1 + s/(6h) + V/(16·l·h))`.
extension TransformerSpec {
    /// Linear-layer (GEMM) FLOPs of one block's forward over the whole microbatch.
    public func blockLinearFLOPs(tokens: Double) -> Double {
        let h = Double(hidden), kv = Double(kvWidth)
        let attention = 2 * tokens * h * (2 * h + 2 * kv)
        let mlp = 2 * tokens * h * Double(ffn) * Double(ffnKind.matrices) * Double(topK)
        let router = isMixtureOfExperts ? 2 * tokens * h * Double(experts) : 0
        return attention + mlp + router
    }

    /// Attention-core FLOPs (QKᵀ and scores·V) of one block's forward: `4·b·s²·h`.
    public func blockAttentionFLOPs(microbatch: Int, sequence: Int) -> Double {
        4 * Double(microbatch) * Double(sequence) * Double(sequence) * Double(hidden)
    }

    /// Forward FLOPs of one block on one GPU of the shard.
    public func blockForwardFLOPs(_ shard: LayerShard) -> Double {
        (blockLinearFLOPs(tokens: shard.tokens) + blockAttentionFLOPs(microbatch: shard.microbatch, sequence: shard.sequence))
            / shard.split
    }

    /// FLOPs recomputed before one block's backward, on one GPU of the shard.
    public func blockRecomputeFLOPs(_ shard: LayerShard, policy: Recomputation) -> Double {
        switch policy {
        case .none: 0
        case .selective: blockAttentionFLOPs(microbatch: shard.microbatch, sequence: shard.sequence) / shard.split
        case .full: blockForwardFLOPs(shard)
        }
    }

    /// LM-head (logits) forward FLOPs on one GPU of the shard: `2·b·s·h·V / (t·c)`.
    public func headForwardFLOPs(_ shard: LayerShard) -> Double {
        2 * shard.tokens * Double(hidden) * Double(vocabulary) / shard.split
    }

    /// Model FLOPs of one training step over `sequences` sequences of `sequence` tokens,
    /// without recomputation: forward + backward (×3) of every block and the LM head.
    /// For GPT shapes this equals `72·B·s·l·h²·(1 + s/(6h) + V/(12·l·h))`.
    public func modelFLOPs(sequences: Int, sequence: Int) -> Double {
        let shard = LayerShard(microbatch: sequences, sequence: sequence)
        return 3 * (Double(layers) * blockForwardFLOPs(shard) + headForwardFLOPs(shard))
    }

    /// Hardware FLOPs of one step: model FLOPs plus what `policy` recomputes. With full
    /// recomputation and GPT shapes: `96·B·s·l·h²·(1 + s/(6h) + V/(16·l·h))`.
    public func hardwareFLOPs(sequences: Int, sequence: Int, recomputation policy: Recomputation) -> Double {
        let shard = LayerShard(microbatch: sequences, sequence: sequence)
        return modelFLOPs(sequences: sequences, sequence: sequence)
            + Double(layers) * blockRecomputeFLOPs(shard, policy: policy)
    }
}
