import OrreryTraining

/// A model as a serving replica sees it: a transformer shape from the one model catalogue
/// (OrreryTraining's ``TransformerSpec``), the longest sequence the deployment accepts,
/// and the bytes of each weight and KV element.
///
/// Every count is derived from the shape (``TransformerSpec``'s parameter formulas), so
/// training and serving agree on what "Llama-2-70B" weighs. Dense Llama, GPT and
/// mixture-of-experts shapes are all accepted: all experts' weights are resident, and a
/// token's FLOPs count only the experts it is routed to.
public struct ModelSpec: Hashable, Sendable {
    /// The shape, as in the catalogue (or an inline scenario shape).
    public var transformer: TransformerSpec
    /// Longest sequence (prompt + output) the deployment accepts, in tokens.
    public var contextLength: Int
    /// Bytes per weight and per KV element: 2 for BF16/FP16 serving.
    public var bytesPerParameter: Int

    /// Serves `transformer` with a context of `contextLength` tokens (its training
    /// sequence length when nil).
    public init(transformer: TransformerSpec, contextLength: Int? = nil, bytesPerParameter: Int = 2) throws(ServingError) {
        self.init(unchecked: transformer, contextLength: contextLength, bytesPerParameter: bytesPerParameter)
        try validate()
    }

    /// A Llama-family (grouped-query attention, SwiGLU, RMSNorm, untied LM head) shape.
    public init(
        name: String, layers: Int, hidden: Int, heads: Int, kvHeads: Int, ffn: Int, vocabulary: Int, contextLength: Int,
        bytesPerParameter: Int = 2
    ) throws(ServingError) {
        let shape: TransformerSpec
        do {
            shape = try TransformerSpec(
                name: name, layers: layers, hidden: hidden, heads: heads, kvHeads: kvHeads, ffn: ffn, ffnKind: .swiglu,
                vocabulary: vocabulary, sequence: Swift.max(contextLength, 1))
        } catch {
            throw .invalidConfiguration(error.description)
        }
        try self.init(transformer: shape, contextLength: contextLength, bytesPerParameter: bytesPerParameter)
    }

    /// Builds without validating: for the built-in catalogue, whose entries the tests check.
    init(unchecked transformer: TransformerSpec, contextLength: Int? = nil, bytesPerParameter: Int = 2) {
        self.transformer = transformer
        self.contextLength = contextLength ?? transformer.sequence
        self.bytesPerParameter = bytesPerParameter
    }

    func validate() throws(ServingError) {
        do { try transformer.validate() } catch { throw .invalidConfiguration(error.description) }
        for (field, value) in [("context length", contextLength), ("bytes per parameter", bytesPerParameter)] where value <= 0 {
            throw .invalidConfiguration("model \"\(name)\": \(field) must be > 0, got \(value)")
        }
    }

    // The shape, read through.
    public var name: String { transformer.name }

    /// Whether a request of `promptTokens` and `outputTokens` fits the context: one that
    /// does not is rejected on arrival, as vLLM rejects it.
    public func holds(promptTokens: Int, outputTokens: Int) -> Bool { promptTokens + outputTokens <= contextLength }
    public var layers: Int { transformer.layers }
    /// Model (residual stream) width.
    public var hidden: Int { transformer.hidden }
    /// Query heads.
    public var heads: Int { transformer.heads }
    /// Key/value heads (equal to ``heads`` without grouped-query attention).
    public var kvHeads: Int { transformer.kvHeads }
    /// Width of one attention head.
    public var headDim: Int { transformer.headDim }
    /// MLP intermediate width (per expert).
    public var ffn: Int { transformer.ffn }
    /// Vocabulary size (rows of the embedding and of the LM head).
    public var vocabulary: Int { transformer.vocabulary }

    /// All parameters: blocks, embeddings, LM head (when untied) and norms.
    public var parameterCount: Int { Int(transformer.parameters) }

    /// Parameters one token multiplies with: every block's active weights (top-k experts
    /// only) and the LM head; the input-embedding lookup and learned positions are not
    /// matrix multiplies. The `2 × params × tokens` FLOP rule uses these.
    public var matmulParameterCount: Int {
        var lookups = Double(vocabulary * hidden)
        if transformer.tiedEmbeddings { lookups = 0 }  // the one matrix is also the LM head
        if transformer.learnedPositions { lookups += Double(transformer.sequence * hidden) }
        return Int(transformer.activeParameters - lookups)
    }

    /// Bytes of weights, in bytes.
    public var weightBytes: Int { parameterCount * bytesPerParameter }

    /// KV-cache bytes one token occupies across all layers: K and V (2) × layers × KV heads
    /// × head dim × bytes per element.
    public var kvBytesPerToken: Int { 2 * layers * kvHeads * headDim * bytesPerParameter }
}
