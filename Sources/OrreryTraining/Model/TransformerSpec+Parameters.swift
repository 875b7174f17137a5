/// Parameter counts, derived from the shape.
///
/// For GPT shapes these reproduce Narayanan et al. (SC'21), eq. (1):
/// `P = 12·l·h²·(1 + 13/(12h) + (V + s)/(12·l·h))`.
extension TransformerSpec {
    /// Attention block: Q and O are `h × h`, K and V `h × kvWidth`, plus biases.
    public var attentionParameters: Double {
        let h = Double(hidden), kv = Double(kvWidth)
        let weights = 2 * h * h + 2 * h * kv
        return weights + (biases ? h + 2 * kv + h : 0)
    }

    /// One expert's MLP.
    public var expertParameters: Double {
        let h = Double(hidden), f = Double(ffn)
        let weights = Double(ffnKind.matrices) * h * f
        let bias = biases ? (Double(ffnKind.matrices - 1) * f + h) : 0
        return weights + bias
    }

    /// Router (gate) of a mixture-of-experts layer: `h × experts`; 0 for dense.
    public var routerParameters: Double { isMixtureOfExperts ? Double(hidden * experts) : 0 }

    /// The two norms of a block: LayerNorm has weight and bias, RMSNorm a weight.
    public var normParameters: Double { Double(2 * hidden * (biases ? 2 : 1)) }

    /// All parameters of one transformer block.
    public var layerParameters: Double {
        attentionParameters + Double(experts) * expertParameters + routerParameters + normParameters
    }

    /// Parameters one token's forward pass touches in a block (top-k experts only).
    public var activeLayerParameters: Double {
        attentionParameters + Double(topK) * expertParameters + routerParameters + normParameters
    }

    /// Input embedding, learned positions, final norm and (untied) LM head.
    public var embeddingParameters: Double {
        let h = Double(hidden)
        var count = Double(vocabulary) * h
        if learnedPositions { count += Double(sequence) * h }
        if !tiedEmbeddings { count += Double(vocabulary) * h }
        return count + h * (biases ? 2 : 1)
    }

    /// Total parameters.
    public var parameters: Double { Double(layers) * layerParameters + embeddingParameters }

    /// Parameters active per token (equal to ``parameters`` for dense models).
    public var activeParameters: Double { Double(layers) * activeLayerParameters + embeddingParameters }
}
