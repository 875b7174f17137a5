/// A decoder-only transformer's shape: what the serving model needs to price an
/// iteration and size the KV cache.
///
/// The layout is Llama's: grouped-query attention (``kvHeads`` ≤ ``heads``), a SwiGLU MLP
/// (three `hidden × ffn` matrices), RMSNorm, and separate input-embedding and output
/// (LM-head) matrices. Counts are derived from the shape, never typed in, so a catalogue
/// entry cannot disagree with itself.
public struct ModelSpec: Hashable, Sendable {
    /// Catalogue name, e.g. `Llama-2-7B`.
    public var name: String
    /// Transformer blocks.
    public var layers: Int
    /// Model (residual stream) width.
    public var hidden: Int
    /// Query heads.
    public var heads: Int
    /// Key/value heads (equal to ``heads`` without grouped-query attention).
    public var kvHeads: Int
    /// Width of one attention head.
    public var headDim: Int
    /// MLP intermediate width.
    public var ffn: Int
    /// Vocabulary size (rows of the embedding and of the LM head).
    public var vocabulary: Int
    /// Longest sequence (prompt + output) the model accepts, in tokens.
    public var contextLength: Int
    /// Bytes per weight and per KV element: 2 for BF16/FP16 serving.
    public var bytesPerParameter: Int

    public init(
        name: String, layers: Int, hidden: Int, heads: Int, kvHeads: Int, headDim: Int, ffn: Int,
        vocabulary: Int, contextLength: Int, bytesPerParameter: Int = 2
    ) throws(ServingError) {
        self.init(
            unchecked: name, layers: layers, hidden: hidden, heads: heads, kvHeads: kvHeads, headDim: headDim,
            ffn: ffn, vocabulary: vocabulary, contextLength: contextLength, bytesPerParameter: bytesPerParameter)
        try validate()
    }

    /// Builds without validating: for the built-in catalogue, whose entries the tests check.
    init(
        unchecked name: String, layers: Int, hidden: Int, heads: Int, kvHeads: Int, headDim: Int, ffn: Int,
        vocabulary: Int, contextLength: Int, bytesPerParameter: Int = 2
    ) {
        self.name = name
        self.layers = layers
        self.hidden = hidden
        self.heads = heads
        self.kvHeads = kvHeads
        self.headDim = headDim
        self.ffn = ffn
        self.vocabulary = vocabulary
        self.contextLength = contextLength
        self.bytesPerParameter = bytesPerParameter
    }

    func validate() throws(ServingError) {
        let fields: [(String, Int)] = [
            ("layers", layers), ("hidden", hidden), ("heads", heads), ("kv heads", kvHeads),
            ("head dim", headDim), ("ffn", ffn), ("vocabulary", vocabulary),
            ("context length", contextLength), ("bytes per parameter", bytesPerParameter),
        ]
        for (field, value) in fields where value <= 0 {
            throw .invalidConfiguration("model \"\(name)\": \(field) must be > 0, got \(value)")
        }
        if heads % kvHeads != 0 {
            throw .invalidConfiguration("model \"\(name)\": heads (\(heads)) must be a multiple of kv heads (\(kvHeads))")
        }
    }

    /// Parameters of one transformer block: Q and O projections (`hidden × heads·headDim`
    /// each), K and V projections (`hidden × kvHeads·headDim` each), the SwiGLU MLP
    /// (`3 × hidden × ffn`) and two RMSNorm scales (`2 × hidden`).
    public var parametersPerLayer: Int {
        let attention = 2 * hidden * heads * headDim + 2 * hidden * kvHeads * headDim
        return attention + 3 * hidden * ffn + 2 * hidden
    }

    /// All parameters: blocks, input embedding, LM head (untied) and the final norm.
    public var parameterCount: Int {
        layers * parametersPerLayer + 2 * vocabulary * hidden + hidden
    }

    /// Parameters that take part in a matrix multiply per token: everything except the
    /// input-embedding table, which is a lookup. The `2 × params × tokens` FLOP rule uses these.
    public var matmulParameterCount: Int { parameterCount - vocabulary * hidden }

    /// Bytes of weights, in bytes.
    public var weightBytes: Int { parameterCount * bytesPerParameter }

    /// KV-cache bytes one token occupies across all layers: K and V (2) × layers × KV heads
    /// × head dim × bytes per element.
    public var kvBytesPerToken: Int { 2 * layers * kvHeads * headDim * bytesPerParameter }
}
