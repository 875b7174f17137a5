/// Activation memory and HBM traffic of one block, per GPU, in bytes (16-bit activations).
///
/// Korthikanti et al. 2022, §4: a GPT block stores `s·b·h·(34 + 5·a·s/h)` bytes, made of
/// attention `11·s·b·h + 5·a·s²·b`, MLP `19·s·b·h` and two norms `4·s·b·h`. Generalised
/// here to GQA (K and V are `kv` wide) and any MLP width and kind:
///
///     attention  7·sbh + 4·sb·kv  (+ 5·a·s²·b unless fused attention)
///     MLP        3·sbh + 2·sb·ffn·matrices·topK
///     norms      4·sbh
///
/// Tensor parallelism divides all but `10·sbh` (norm inputs, dropout masks, block inputs);
/// sequence parallelism divides that too. Full recomputation keeps the block input only
/// (`2·sbh`), selective drops the `5·a·s²·b` term.
extension TransformerSpec {
    /// Bytes of activations one block keeps for its backward on one GPU.
    public func blockActivationBytes(_ shard: LayerShard, policy: Recomputation) -> Double {
        let sbh = shard.tokens * Double(hidden) / Double(shard.contextParallel)
        let t = Double(shard.tensorParallel)
        switch policy {
        case .full:
            return 2 * sbh / (shard.sequenceParallel ? t : 1)
        case .none, .selective:
            let sb = shard.tokens / Double(shard.contextParallel)
            let linearAttention = 7 * sbh + 4 * sb * Double(kvWidth)
            let mlp = 3 * sbh + 2 * sb * Double(ffn) * Double(ffnKind.matrices) * Double(topK)
            let norms = 4 * sbh
            let replicated = shard.sequenceParallel ? 0 : 10 * sbh
            var bytes = replicated + (linearAttention + mlp + norms - replicated) / t
            if policy == .none && !shard.flashAttention {
                bytes += scoreMatrixBytes(shard)
            }
            return bytes
        }
    }

    /// The `5·a·s²·b` bytes of scores, softmax output and dropout mask, per GPU.
    func scoreMatrixBytes(_ shard: LayerShard) -> Double {
        5 * Double(heads) * Double(shard.sequence) * Double(shard.sequence) * Double(shard.microbatch)
            / shard.split
    }

    /// HBM bytes one block's forward moves on one GPU: its weights once, and every
    /// activation it keeps written once and read once (the memory-bound elementwise
    /// ops: norms, activation functions, dropout, softmax, residual adds). The score
    /// matrix moves even when it is not kept (selective recomputation).
    public func blockForwardBytes(_ shard: LayerShard, weightBytesPerParameter: Double = 2) -> Double {
        var noScores = shard
        noScores.flashAttention = true
        var traffic = 2 * blockActivationBytes(noScores, policy: .none)
        if !shard.flashAttention { traffic += 2 * scoreMatrixBytes(shard) }
        return traffic + weightBytesPerParameter * layerParameters / Double(shard.tensorParallel)
    }
}
