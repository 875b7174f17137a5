import Testing

@testable import OrreryTraining

/// Parameter counts and FLOP formulas against the published figures.
@Suite struct TransformerSpecTests {
    /// Published sizes in billions. Megatron's Table 1 rounds to 0.1 B, so the tolerance
    /// is 2 % or half of that last digit, whichever is larger.
    static let published: [(String, Double)] = [
        ("GPT-1.7B", 1.7), ("GPT-3.6B", 3.6), ("GPT-7.5B", 7.5), ("GPT-18.4B", 18.4), ("GPT-39.1B", 39.1),
        ("GPT-76.1B", 76.1), ("GPT-145.6B", 145.6), ("GPT-310.1B", 310.1), ("GPT-529.6B", 529.6), ("GPT-1T", 1008),
        ("GPT-3-175B", 175), ("Llama-2-7B", 6.74), ("Llama-2-13B", 13.02), ("Llama-2-70B", 68.98),
        ("Llama-3-8B", 8.03), ("Llama-3-70B", 70.6), ("Llama-3-405B", 405.9), ("Mixtral-8x7B", 46.7),
    ]

    @Test(arguments: published)
    func parameterCountMatchesPublished(name: String, billions: Double) throws {
        let model = try #require(TransformerCatalogue.model(named: name))
        let counted = model.parameters / 1e9
        let tolerance = max(0.02 * billions, 0.05)
        #expect(abs(counted - billions) <= tolerance, "\(name): \(counted) B vs published \(billions) B")
    }

    @Test func mixtralActiveParameters() throws {
        let model = try #require(TransformerCatalogue.model(named: "Mixtral-8x7B"))
        // Mistral AI: 12.9 B active parameters per token.
        #expect(abs(model.activeParameters / 1e9 - 12.9) < 0.26)
    }

    /// Narayanan et al. eq. (1): P = 12·l·h²·(1 + 13/(12h) + (V + s)/(12·l·h)).
    @Test(arguments: TransformerCatalogue.megatronTable1)
    func gptParametersMatchPaperFormula(model: TransformerSpec) {
        let l = Double(model.layers), h = Double(model.hidden), v = Double(model.vocabulary), s = Double(model.sequence)
        let formula = 12 * l * h * h * (1 + 13 / (12 * h) + (v + s) / (12 * l * h))
        // The paper's formula counts one final-norm weight vector less than the model has.
        #expect(abs(model.parameters - formula) / formula < 1e-4)
    }

    @Test(arguments: TransformerCatalogue.megatronTable1)
    func modelFLOPsEqualTheSeventyTwoFormula(model: TransformerSpec) {
        let b = 512.0, s = Double(model.sequence), l = Double(model.layers), h = Double(model.hidden)
        let v = Double(model.vocabulary)
        let formula = 72 * b * s * l * h * h * (1 + s / (6 * h) + v / (12 * l * h))
        let computed = model.modelFLOPs(sequences: 512, sequence: model.sequence)
        #expect(abs(computed - formula) / formula < 1e-12)
    }

    @Test(arguments: TransformerCatalogue.megatronTable1)
    func fullRecomputeFLOPsEqualTheNinetySixFormula(model: TransformerSpec) {
        let b = 64.0, s = Double(model.sequence), l = Double(model.layers), h = Double(model.hidden)
        let v = Double(model.vocabulary)
        let formula = 96 * b * s * l * h * h * (1 + s / (6 * h) + v / (16 * l * h))
        let computed = model.hardwareFLOPs(sequences: 64, sequence: model.sequence, recomputation: .full)
        #expect(abs(computed - formula) / formula < 1e-12)
    }

    /// Korthikanti et al. Table 2: per-layer activations with TP t and sequence parallel:
    /// s·b·h·(34/t + 5·a·s/(h·t)); without SP: s·b·h·(10 + 24/t + 5·a·s/(h·t)); full: 2·s·b·h.
    @Test func activationMemoryMatchesKorthikanti() throws {
        let model = try #require(TransformerCatalogue.model(named: "GPT-3-175B"))
        let s = 2048.0, b = 1.0, h = Double(model.hidden), a = Double(model.heads), t = 8.0
        let sp = LayerShard(microbatch: 1, sequence: 2048, tensorParallel: 8, sequenceParallel: true)
        var noSP = sp
        noSP.sequenceParallel = false
        let expectSP = s * b * h * (34 / t + 5 * a * s / (h * t))
        let expectNoSP = s * b * h * (10 + 24 / t + 5 * a * s / (h * t))
        #expect(abs(model.blockActivationBytes(sp, policy: .none) - expectSP) / expectSP < 1e-12)
        #expect(abs(model.blockActivationBytes(noSP, policy: .none) - expectNoSP) / expectNoSP < 1e-12)
        let selective = s * b * h * 34 / t
        #expect(abs(model.blockActivationBytes(sp, policy: .selective) - selective) / selective < 1e-12)
        #expect(model.blockActivationBytes(noSP, policy: .full) == 2 * s * b * h)
    }

    @Test func zeroStagesPartitionStates() {
        let memory = ModelStateMemory.mixedPrecisionAdam
        let none = memory.bytes(parameters: 1e9, stage: .none, dataParallel: 64)
        #expect(none.weights + none.gradients + none.optimizer == 16e9)
        let stage3 = memory.bytes(parameters: 1e9, stage: .parameters, dataParallel: 64)
        #expect(stage3.weights + stage3.gradients + stage3.optimizer == 16e9 / 64)
        let stage1 = memory.bytes(parameters: 1e9, stage: .optimizer, dataParallel: 64)
        #expect(stage1.optimizer == 12e9 / 64)
        #expect(stage1.gradients == 2e9)
    }

    @Test func invalidShapeNamesTheField() {
        #expect(throws: TrainingError.invalidValue(
            subject: "model \"x\"", field: "kv-heads", value: "3", expected: "a divisor of heads (8)")) {
            try TransformerSpec(name: "x", layers: 2, hidden: 64, heads: 8, kvHeads: 3, vocabulary: 10, sequence: 16)
        }
    }
}
