import OrreryHardware
import OrreryKernel
import Testing
@testable import OrreryServing

/// The per-operator timing backend: per-layer operator times by batch shape and context.
@Suite struct OperatorProfileTests {
    static let text = """
        operator,tokens,context,time_ms
        linear,1,0,0.2
        linear,1025,0,1.2
        attention_prefill,1,0,0.01
        attention_prefill,1,4096,0.05
        attention_prefill,1025,0,0.5
        attention_prefill,1025,4096,2.5
        attention_decode,1,0,0.01
        attention_decode,1,4096,0.09
        attention_decode,65,0,0.05
        attention_decode,65,4096,1.65

        """
    static let a100 = HardwareCatalogue.builtIn.gpu(named: "A100-80GB")!

    static func cost() throws -> IterationCostModel {
        try IterationCostModel(model: ModelCatalogue.llama2_7B, gpu: a100, tensorParallel: 1)
    }

    /// t = L · (linear(T) · m + decode(B, C/B)) + overhead, by hand on grid points: 33
    /// decodes at mean context 2048 read the middle of both axes.
    @Test func decodeTimeFollowsTheProfileByHand() throws {
        let profile = try OperatorProfile.parse(Self.text, file: "ops.csv")
        var work = IterationWork()
        work.decodeSequences = 33
        work.decodeContextTokens = 33 * 2048
        let model = ModelCatalogue.llama2_7B
        let m = Double(model.matmulParameterCount)
            / (32 * (model.transformer.activeLayerParameters - model.transformer.normParameters))
        let linear = (0.2 + (1.2 - 0.2) * 32 / 1024) * 1e-3
        let decode = ((0.01 + 0.09) / 2 + ((0.05 + 1.65) / 2 - (0.01 + 0.09) / 2) * 0.5) * 1e-3
        let expected = 32 * (linear * m + decode) + 1e-3
        let time = try Self.cost().time(work, profile: profile)
        #expect(abs(time.seconds - expected) < 2e-9, "\(time.seconds) vs \(expected)")
    }

    /// What the iteration table cannot see: the same batch costs more at longer context,
    /// and splitting a prompt into chunks changes its attention time.
    @Test func contextAndChunksMatter() throws {
        let profile = try OperatorProfile.parse(Self.text, file: "ops.csv")
        let cost = try Self.cost()
        var short = IterationWork()
        short.decodeSequences = 64
        short.decodeContextTokens = 64 * 256
        var long = short
        long.decodeContextTokens = 64 * 4000
        #expect(cost.time(long, profile: profile) > cost.time(short, profile: profile))
        var one = IterationWork()
        one.prefillTokens = 1024
        one.prefillSequences = 1
        var two = one
        two.prefillSequences = 2
        #expect(cost.time(two, profile: profile) != cost.time(one, profile: profile))
    }

    @Test(arguments: [
        ("operator,tokens,time_ms\n", 1, "expected header"),
        ("operator,tokens,context,time_ms\nmlp,1,0,1\n", 2, "unknown operator \"mlp\""),
        ("operator,tokens,context,time_ms\nlinear,1,5,1\n", 2, "linear rows take context 0"),
        ("operator,tokens,context,time_ms\nlinear,1,0,1\nlinear,1,0,2\n", 3, "duplicate linear point"),
        ("operator,tokens,context,time_ms\nlinear,1,0,x\n", 2, "time_ms \"x\""),
        ("operator,tokens,context,time_ms\nlinear,1,0,1\n", 0, "no attention_prefill rows"),
    ])
    func badProfilesNameTheLine(text: String, line: Int, message: String) {
        do {
            _ = try OperatorProfile.parse(text, file: "ops.csv")
            Issue.record("parsed: \(text)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test func missingGridPointIsNamed() {
        let text = Self.text.replacingOccurrences(of: "attention_decode,65,4096,1.65\n", with: "")
        #expect(throws: TraceError.self) { try OperatorProfile.parse(text, file: "ops.csv") }
        do { _ = try OperatorProfile.parse(text, file: "ops.csv") } catch {
            #expect(error.message.contains("attention_decode at 65 tokens, context 4096"), "\(error)")
        }
    }

    /// A replica with the profile runs, and multi-step decode prices spans with it too.
    @Test func replicaRunsOnTheProfile() throws {
        var replica = ReplicaConfiguration(model: ModelCatalogue.llama2_7B, gpu: Self.a100)
        replica.operatorProfile = try OperatorProfile.parse(Self.text, file: "ops.csv")
        let requests = (0..<50).map {
            ServingRequest(id: $0, arrival: .seconds(Double($0) * 0.1), promptTokens: 300, outputTokens: 80)
        }
        let simulation = Simulation(seed: 1)
        let model = try ServingModel(simulation: simulation, configuration: ServingConfiguration(replica: replica), requests: requests)
        simulation.run()
        #expect(model.records.allSatisfy { $0.generatedTokens == 80 })
        var both = replica
        both.timingTable = try IterationTimeTable.parse("prefill_tokens,decode_sequences,time_ms\n0,1,5\n", file: "t.csv")
        #expect(throws: ServingError.self) { try both.validate() }
    }
}
