import OrreryHardware
import OrreryKernel
import Testing
import OrreryServing

/// Iteration times computed by hand from the equations in docs/serving.md.
@Suite struct IterationCostTests {
    static let a100 = HardwareCatalogue.builtIn.gpu(named: "A100-80GB")!
    static let llama = ModelCatalogue.llama2_7B
    /// A100-80GB: 312 TFLOP/s BF16 × 0.5, 2.039 TB/s × 0.85.
    static let achievedFLOPS = 312e12 * 0.5
    static let achievedBandwidth = 2.039e12 * 0.85

    func cost(tp: Int = 1) throws -> IterationCostModel {
        try IterationCostModel(model: Self.llama, gpu: Self.a100, tensorParallel: tp)
    }

    @Test func batchOneDecodeIsWeightsOverBandwidthPlusOverhead() throws {
        var work = IterationWork()
        work.decodeSequences = 1
        work.decodeContextTokens = 16
        let t = try cost().time(work)
        // 13,476,831,232 weight bytes / 1.733 TB/s = 7.776 ms, plus 1 ms overhead.
        let expected = 13_476_831_232 / Self.achievedBandwidth + 0.001
        #expect(abs(t.seconds - expected) / expected < 0.001, "\(t) vs \(expected) s")
        #expect(abs(t.seconds - 0.008776) < 0.00001)
    }

    @Test func decodeBytesIncludeKVRead() throws {
        var work = IterationWork()
        work.decodeSequences = 4
        work.decodeContextTokens = 4 * 1000
        // Weights once + KV of 4,000 context tokens read + 4 new tokens written.
        let bytes = 13_476_831_232.0 + 524_288.0 * 4004
        #expect(try cost().bytes(work) == bytes)
        let expected = SimTime.seconds(bytes / Self.achievedBandwidth) + .millisecond
        #expect(try cost().time(work) == expected)
    }

    @Test func prefillIsComputeBound() throws {
        var work = IterationWork()
        work.prefillTokens = 2048
        work.prefillAttentionPairs = 2048 * 2049 / 2
        let matmul = Double(Self.llama.parameterCount - 32000 * 4096)
        // 2·P·n for the weights + 4·layers·heads·headDim per causal query-key pair.
        let flops = 2 * matmul * 2048 + 4 * 32 * 32 * 128 * Double(2048 * 2049 / 2)
        let c = try cost()
        #expect(c.flops(work) == flops)
        #expect(flops / Self.achievedFLOPS > 10 * c.bytes(work) / Self.achievedBandwidth)
        #expect(c.time(work) == SimTime.seconds(flops / Self.achievedFLOPS) + .millisecond)
        // About 180 ms for a 2,048-token prompt on one A100.
        #expect(abs(c.time(work).seconds - 0.1815) < 0.002)
    }

    @Test func smallDecodeAtTP8IsOverheadBound() throws {
        var work = IterationWork()
        work.decodeSequences = 4
        work.decodeContextTokens = 4 * 256
        let c = try cost(tp: 8)
        let gpu = c.gpuSeconds(work)
        // 64 all-reduces of 4 tokens × 4096 × 2 B: α = 10 µs each, bandwidth term
        // 2·7/8 · 32,768 B / (300 GB/s × 0.775, NVLink3's calibrated ring efficiency in
        // the fabric's collective model) ≈ 0.25 µs.
        let allReduce = 64 * (10e-6 + 2 * 7.0 / 8.0 * 32_768 / (300e9 * 0.775))
        #expect(abs(c.allReduceSeconds(work) - allReduce) < 1e-11)
        let fixed = allReduce + 0.001
        #expect(gpu < fixed, "GPU \(gpu) s vs fixed \(fixed) s")
        #expect(c.time(work) == SimTime.seconds(gpu + c.allReduceSeconds(work)) + .millisecond)
        // Eight times the GPUs buys far less than eight times the speed.
        let single = try cost(tp: 1).time(work)
        #expect(single.seconds / c.time(work).seconds < 4)
    }

    @Test func emptyIterationTakesNoTime() throws {
        #expect(try cost().time(IterationWork()) == .zero)
    }

    @Test func indivisibleHeadsAreRejected() {
        #expect(throws: ServingError.self) {
            try IterationCostModel(model: ModelCatalogue.llama2_7B, gpu: Self.a100, tensorParallel: 3)
        }
    }
}
