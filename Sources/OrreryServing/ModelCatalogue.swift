import OrreryTraining

/// The models a serving workload may name: every entry of the one model catalogue
/// (``TransformerCatalogue``, OrreryTraining), served with its sequence length as context,
/// plus serving variants that reuse a catalogue shape with a longer context.
public enum ModelCatalogue {
    /// Catalogue shapes served under another name with a longer context.
    ///
    /// Llama-3.1-8B has Llama-3-8B's shape (`meta-llama/Llama-3.1-8B` `config.json`) with
    /// Llama 3.1's 128k context (`max_position_embeddings` 131072, RoPE scaling):
    /// long-prompt traces such as Mooncake's need it.
    public static let contextVariants: [(name: String, shape: String, contextLength: Int)] = [
        ("Llama-3.1-8B", "Llama-3-8B", 131_072)
    ]

    /// Every servable model, in the training catalogue's order, then the variants.
    public static let builtIn: [ModelSpec] =
        TransformerCatalogue.builtIn.map { ModelSpec(unchecked: $0) }
        + contextVariants.compactMap { variant in
            TransformerCatalogue.model(named: variant.shape).map { shape in
                var renamed = shape
                renamed.name = variant.name
                return ModelSpec(unchecked: renamed, contextLength: variant.contextLength)
            }
        }

    public static var names: [String] { builtIn.map(\.name) }

    /// The model called `name` (case-insensitive), or nil.
    public static func model(named name: String) -> ModelSpec? {
        builtIn.first { $0.name.lowercased() == name.lowercased() }
    }

    /// Catalogue entries the serving tests and examples use by name.
    public static let llama2_7B = entry("Llama-2-7B")
    public static let llama2_13B = entry("Llama-2-13B")
    public static let llama2_70B = entry("Llama-2-70B")
    public static let llama3_8B = entry("Llama-3-8B")
    public static let llama3_70B = entry("Llama-3-70B")
    public static let llama3_1_8B = entry("Llama-3.1-8B")

    private static func entry(_ name: String) -> ModelSpec {
        guard let model = model(named: name) else {
            preconditionFailure("ModelCatalogue: built-in model \(name) is missing from the catalogue")
        }
        return model
    }
}
