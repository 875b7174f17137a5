import Testing
import OrreryTraining
@testable import OrreryServing

@Suite struct ModelSpecTests {
    /// Published parameter counts (Hugging Face model cards / safetensors totals).
    @Test(arguments: [
        ("Llama-2-7B", 6.74e9), ("Llama-2-13B", 13.02e9), ("Llama-2-70B", 68.98e9),
        ("Llama-3-8B", 8.03e9), ("Llama-3-70B", 70.55e9), ("Llama-3.1-8B", 8.03e9),
    ])
    func parameterCountMatchesPublished(name: String, published: Double) throws {
        let model = try #require(ModelCatalogue.model(named: name))
        let relative = abs(Double(model.parameterCount) - published) / published
        #expect(relative < 0.02, "\(name): \(model.parameterCount) vs \(published)")
    }

    @Test func everyCatalogueEntryValidates() throws {
        for model in ModelCatalogue.builtIn { try model.validate() }
        #expect(ModelCatalogue.model(named: "llama-2-7b")?.name == "Llama-2-7B")
        #expect(ModelCatalogue.model(named: "GPT-5") == nil)
    }

    @Test func llama2_7BDerivedSizes() {
        let m = ModelCatalogue.llama2_7B
        // 32 × (4·4096² + 3·4096·11008 + 2·4096) + 2·32000·4096 + 4096
        #expect(m.parameterCount == 32 * (4 * 4096 * 4096 + 3 * 4096 * 11008 + 2 * 4096) + 2 * 32000 * 4096 + 4096)
        #expect(m.parameterCount == 6_738_415_616)
        #expect(m.weightBytes == 2 * 6_738_415_616)
        #expect(m.matmulParameterCount == 6_738_415_616 - 32000 * 4096)
        // 2 (K, V) × 32 layers × 32 KV heads × 128 × 2 bytes = 512 KiB per token
        #expect(m.kvBytesPerToken == 524_288)
    }

    @Test func groupedQueryAttentionShrinksKV() {
        // Llama-3-8B: 8 KV heads → 2 × 32 × 8 × 128 × 2 = 128 KiB per token.
        #expect(ModelCatalogue.llama3_8B.kvBytesPerToken == 131_072)
        // Llama-2-70B: 2 × 80 × 8 × 128 × 2 = 320 KiB per token.
        #expect(ModelCatalogue.llama2_70B.kvBytesPerToken == 327_680)
    }

    @Test func invalidShapeIsRejected() {
        #expect(throws: ServingError.self) {
            try ModelSpec(
                name: "bad", layers: 2, hidden: 64, heads: 6, kvHeads: 4, ffn: 128, vocabulary: 10,
                contextLength: 128)
        }
    }

    @Test func zeroLayersIsRejected() {
        #expect(throws: ServingError.self) {
            try ModelSpec(
                name: "bad", layers: 0, hidden: 64, heads: 4, kvHeads: 4, ffn: 128, vocabulary: 10,
                contextLength: 128)
        }
    }
}

/// Serving and training read one catalogue: the same name weighs the same everywhere.
@Suite struct OneCatalogueTests {
    @Test func everyTrainingModelIsServable() {
        for shape in TransformerCatalogue.builtIn {
            let served = ModelCatalogue.model(named: shape.name)
            #expect(served?.parameterCount == Int(shape.parameters), "\(shape.name)")
            #expect(served?.contextLength == shape.sequence)
        }
    }

    @Test func longContextVariantKeepsItsShape() throws {
        let base = ModelCatalogue.llama3_8B, long = ModelCatalogue.llama3_1_8B
        #expect(long.contextLength == 131_072)
        #expect(long.parameterCount == base.parameterCount)
        #expect(long.kvBytesPerToken == base.kvBytesPerToken)
    }

    /// Mixtral 8x7B keeps all experts resident (46.7 B parameters) but a token runs
    /// two of them (12.9 B active, Jiang et al. 2024).
    @Test func mixtureOfExpertsCountsActiveWeightsForFLOPs() throws {
        let mixtral = try #require(ModelCatalogue.model(named: "Mixtral-8x7B"))
        #expect(abs(Double(mixtral.parameterCount) - 46.7e9) / 46.7e9 < 0.01)
        #expect(abs(Double(mixtral.matmulParameterCount) - 12.9e9) / 12.9e9 < 0.03)
    }

    /// GPT shapes tie the LM head to the embedding: that matrix is a matmul, positions are not.
    @Test func tiedEmbeddingsCountOnceAsTheHead() throws {
        let gpt = try #require(ModelCatalogue.model(named: "GPT-3-175B"))
        let t = gpt.transformer
        #expect(gpt.matmulParameterCount == Int(t.parameters) - t.sequence * t.hidden)
    }
}
