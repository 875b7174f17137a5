/// Built-in model shapes, from each model's published `config.json` on Hugging Face
/// (`meta-llama/Llama-2-{7b,13b,70b}-hf`, `meta-llama/Meta-Llama-3-{8B,70B}`,
/// `meta-llama/Llama-3.1-8B`).
public enum ModelCatalogue {
    /// The built-in models, in listing order.
    public static let builtIn: [ModelSpec] = [llama2_7B, llama2_13B, llama2_70B, llama3_8B, llama3_70B, llama3_1_8B]

    /// The model called `name` (case-insensitive), or nil.
    public static func model(named name: String) -> ModelSpec? {
        builtIn.first { $0.name.lowercased() == name.lowercased() }
    }

    // Shapes are known-good constants; the catalogue tests validate every entry.
    public static let llama2_7B = ModelSpec(
        unchecked: "Llama-2-7B", layers: 32, hidden: 4096, heads: 32, kvHeads: 32, headDim: 128, ffn: 11008,
        vocabulary: 32000, contextLength: 4096)
    public static let llama2_13B = ModelSpec(
        unchecked: "Llama-2-13B", layers: 40, hidden: 5120, heads: 40, kvHeads: 40, headDim: 128, ffn: 13824,
        vocabulary: 32000, contextLength: 4096)
    public static let llama2_70B = ModelSpec(
        unchecked: "Llama-2-70B", layers: 80, hidden: 8192, heads: 64, kvHeads: 8, headDim: 128, ffn: 28672,
        vocabulary: 32000, contextLength: 4096)
    public static let llama3_8B = ModelSpec(
        unchecked: "Llama-3-8B", layers: 32, hidden: 4096, heads: 32, kvHeads: 8, headDim: 128, ffn: 14336,
        vocabulary: 128256, contextLength: 8192)
    public static let llama3_70B = ModelSpec(
        unchecked: "Llama-3-70B", layers: 80, hidden: 8192, heads: 64, kvHeads: 8, headDim: 128, ffn: 28672,
        vocabulary: 128256, contextLength: 8192)
    /// Llama-3-8B's shape with Llama 3.1's 128k context (`max_position_embeddings`
    /// 131072, RoPE scaling): long-prompt traces such as Mooncake's need it.
    public static let llama3_1_8B = ModelSpec(
        unchecked: "Llama-3.1-8B", layers: 32, hidden: 4096, heads: 32, kvHeads: 8, headDim: 128, ffn: 14336,
        vocabulary: 128256, contextLength: 131_072)
}
