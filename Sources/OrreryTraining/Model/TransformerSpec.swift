/// The MLP block's shape.
public enum FeedForwardKind: String, CaseIterable, Hashable, Sendable {
    /// GPT: two `hidden × ffn` matrices with a GeLU between (ffn is usually 4·hidden).
    case gelu
    /// Llama: gate, up and down matrices (three `hidden × ffn`) with SiLU gating.
    case swiglu

    /// Weight matrices of size `hidden × ffn` in one MLP.
    public var matrices: Int { self == .gelu ? 2 : 3 }
}

/// A decoder-only transformer as training sees it: shape only; every count (parameters,
/// FLOPs, bytes) is derived from it, so an entry cannot disagree with itself.
///
/// Two families are covered by flags rather than subclasses: GPT (biases, LayerNorm,
/// learned position embeddings, tied input/output embeddings, GeLU MLP) and Llama
/// (no biases, RMSNorm, rotary positions, separate LM head, SwiGLU, grouped-query
/// attention). Mixture-of-experts replaces every layer's MLP by `experts` MLPs of which
/// `topK` run per token, plus a router.
public struct TransformerSpec: Hashable, Sendable {
    public var name: String
    public var layers: Int
    public var hidden: Int
    /// Query heads.
    public var heads: Int
    /// Key/value heads; fewer than ``heads`` is grouped-query attention.
    public var kvHeads: Int
    /// MLP intermediate width (per expert for MoE).
    public var ffn: Int
    public var ffnKind: FeedForwardKind
    public var vocabulary: Int
    /// Training sequence length in tokens (scenarios may override it).
    public var sequence: Int
    /// MLP experts per layer; 1 for a dense model.
    public var experts: Int
    /// Experts each token is routed to.
    public var topK: Int
    /// Linear layers carry biases and norms are LayerNorm with a bias (GPT).
    public var biases: Bool
    /// Learned absolute position embeddings (`sequence × hidden`, GPT); false for rotary.
    public var learnedPositions: Bool
    /// The LM head reuses the input embedding matrix.
    public var tiedEmbeddings: Bool

    public init(
        name: String, layers: Int, hidden: Int, heads: Int, kvHeads: Int? = nil, ffn: Int? = nil,
        ffnKind: FeedForwardKind = .gelu, vocabulary: Int, sequence: Int, experts: Int = 1, topK: Int = 1,
        biases: Bool? = nil, learnedPositions: Bool? = nil, tiedEmbeddings: Bool? = nil
    ) throws(TrainingError) {
        self.init(
            unchecked: name, layers: layers, hidden: hidden, heads: heads, kvHeads: kvHeads, ffn: ffn,
            ffnKind: ffnKind, vocabulary: vocabulary, sequence: sequence, experts: experts, topK: topK,
            biases: biases, learnedPositions: learnedPositions, tiedEmbeddings: tiedEmbeddings)
        try validate()
    }

    /// Builds without validating: for the built-in catalogue, whose entries the tests check.
    /// Family flags default from the MLP kind: GeLU means GPT conventions, SwiGLU Llama's.
    init(
        unchecked name: String, layers: Int, hidden: Int, heads: Int, kvHeads: Int? = nil, ffn: Int? = nil,
        ffnKind: FeedForwardKind = .gelu, vocabulary: Int, sequence: Int, experts: Int = 1, topK: Int = 1,
        biases: Bool? = nil, learnedPositions: Bool? = nil, tiedEmbeddings: Bool? = nil
    ) {
        let gpt = ffnKind == .gelu
        self.name = name
        self.layers = layers
        self.hidden = hidden
        self.heads = heads
        self.kvHeads = kvHeads ?? heads
        self.ffn = ffn ?? 4 * hidden
        self.ffnKind = ffnKind
        self.vocabulary = vocabulary
        self.sequence = sequence
        self.experts = experts
        self.topK = topK
        self.biases = biases ?? gpt
        self.learnedPositions = learnedPositions ?? gpt
        self.tiedEmbeddings = tiedEmbeddings ?? gpt
    }

    /// Width of one attention head.
    public var headDim: Int { hidden / max(heads, 1) }
    /// Width of the K (or V) projection: KV heads × head width.
    public var kvWidth: Int { kvHeads * headDim }
    public var isMixtureOfExperts: Bool { experts > 1 }

    /// Checks every field; the error names the first one out of range.
    public func validate() throws(TrainingError) {
        let subject = "model \"\(name)\""
        for (field, value) in [
            ("layers", layers), ("hidden", hidden), ("heads", heads), ("kv-heads", kvHeads), ("ffn", ffn),
            ("vocabulary", vocabulary), ("sequence", sequence), ("experts", experts), ("top-k", topK),
        ] where value < 1 {
            throw .invalidValue(subject: subject, field: field, value: "\(value)", expected: "at least 1")
        }
        guard hidden % heads == 0 else {
            throw .invalidValue(
                subject: subject, field: "heads", value: "\(heads)", expected: "a divisor of hidden (\(hidden))")
        }
        guard kvHeads <= heads, heads % kvHeads == 0 else {
            throw .invalidValue(
                subject: subject, field: "kv-heads", value: "\(kvHeads)", expected: "a divisor of heads (\(heads))")
        }
        guard topK <= experts else {
            throw .invalidValue(
                subject: subject, field: "top-k", value: "\(topK)", expected: "at most experts (\(experts))")
        }
    }
}
