/// Built-in transformer shapes, from the papers and model cards that define them.
///
/// Sources: Megatron-LM GPT family — Narayanan et al., SC'21, Table 1 (vocabulary 51,200,
/// sequence 2048); GPT-3 175B — Brown et al. 2020, Table 2.1; Llama 2 — Touvron et al. 2023
/// and the released configs; Llama 3 — Dubey et al. 2024, Table 3 (vocabulary 128,256);
/// Mixtral 8x7B — Jiang et al. 2024 and its released config.
public enum TransformerCatalogue {
    /// Every built-in model, in listing order.
    public static let builtIn: [TransformerSpec] = megatronTable1 + [
        gpt(name: "GPT-3-175B", layers: 96, hidden: 12288, heads: 96, vocabulary: 50257),
        llama(name: "Llama-2-7B", layers: 32, hidden: 4096, heads: 32, kvHeads: 32, ffn: 11008, vocabulary: 32000, sequence: 4096),
        llama(name: "Llama-2-13B", layers: 40, hidden: 5120, heads: 40, kvHeads: 40, ffn: 13824, vocabulary: 32000, sequence: 4096),
        llama(name: "Llama-2-70B", layers: 80, hidden: 8192, heads: 64, kvHeads: 8, ffn: 28672, vocabulary: 32000, sequence: 4096),
        llama(name: "Llama-3-8B", layers: 32, hidden: 4096, heads: 32, kvHeads: 8, ffn: 14336, vocabulary: 128256, sequence: 8192),
        llama(name: "Llama-3-70B", layers: 80, hidden: 8192, heads: 64, kvHeads: 8, ffn: 28672, vocabulary: 128256, sequence: 8192),
        llama(name: "Llama-3-405B", layers: 126, hidden: 16384, heads: 128, kvHeads: 8, ffn: 53248, vocabulary: 128256, sequence: 8192),
        llama(
            name: "Mixtral-8x7B", layers: 32, hidden: 4096, heads: 32, kvHeads: 8, ffn: 14336, vocabulary: 32000,
            sequence: 4096, experts: 8, topK: 2),
    ]

    /// The ten GPT models of Megatron-LM Table 1, named by their published size.
    public static let megatronTable1: [TransformerSpec] = [
        ("1.7B", 24, 2304, 24), ("3.6B", 30, 3072, 32), ("7.5B", 36, 4096, 32), ("18.4B", 40, 6144, 48),
        ("39.1B", 48, 8192, 64), ("76.1B", 60, 10240, 80), ("145.6B", 80, 12288, 96), ("310.1B", 96, 16384, 128),
        ("529.6B", 105, 20480, 128), ("1T", 128, 25600, 160),
    ].map { gpt(name: "GPT-\($0.0)", layers: $0.1, hidden: $0.2, heads: $0.3, vocabulary: 51200) }

    /// The model called `name` (case-insensitive), or nil.
    public static func model(named name: String) -> TransformerSpec? {
        builtIn.first { $0.name.lowercased() == name.lowercased() }
    }

    public static var names: [String] { builtIn.map(\.name) }

    private static func gpt(name: String, layers: Int, hidden: Int, heads: Int, vocabulary: Int) -> TransformerSpec {
        TransformerSpec(
            unchecked: name, layers: layers, hidden: hidden, heads: heads, ffnKind: .gelu, vocabulary: vocabulary,
            sequence: 2048)
    }

    private static func llama(
        name: String, layers: Int, hidden: Int, heads: Int, kvHeads: Int, ffn: Int, vocabulary: Int, sequence: Int,
        experts: Int = 1, topK: Int = 1
    ) -> TransformerSpec {
        TransformerSpec(
            unchecked: name, layers: layers, hidden: hidden, heads: heads, kvHeads: kvHeads, ffn: ffn, ffnKind: .swiglu,
            vocabulary: vocabulary, sequence: sequence, experts: experts, topK: topK)
    }
}
