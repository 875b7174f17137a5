import OrreryHardware
import OrreryKernel
import Testing
@testable import OrreryServing

/// Sanity checks from first principles (issue 7, "Validation"): the model's behaviour
/// where the answer is known without a simulator.
@Suite struct FirstPrinciplesTests {
    static let a100 = HardwareCatalogue.builtIn.gpu(named: "A100-80GB")!

    /// Prefill time minus the fixed overhead grows linearly in prompt tokens while the
    /// weights dominate, and faster once the quadratic attention term matters: attention
    /// adds `L·h·n / P` of the linear FLOPs, about 2% at 1,024 tokens for Llama-2-7B and
    /// 50% at 32,768.
    @Test func prefillIsLinearUntilAttentionMatters() throws {
        let cost = try IterationCostModel(model: ModelCatalogue.llama2_7B, gpu: Self.a100, tensorParallel: 1)
        func prefillSeconds(_ n: Int) -> Double {
            var work = IterationWork()
            work.prefillTokens = n
            work.prefillAttentionPairs = n * (n + 1) / 2
            return cost.time(work).seconds - IterationCostModel.defaultIterationOverhead.seconds
        }
        let perTokenShort = (prefillSeconds(1024) - prefillSeconds(512)) / 512
        let perTokenMid = (prefillSeconds(2048) - prefillSeconds(1024)) / 1024
        #expect(abs(perTokenMid / perTokenShort - 1) < 0.03)
        let perTokenLong = (prefillSeconds(32768) - prefillSeconds(16384)) / 16384
        #expect(perTokenLong / perTokenShort > 1.3)
    }

    /// Tiny replica: 64 KV blocks; a request of 100 prompt + 150 output tokens holds 16
    /// blocks at its end. Four at once fit (64 blocks) and run without preemption or
    /// preemption; eight at once exceed the cache, so some are preempted and recompute —
    /// and all still finish.
    @Test func kvExhaustionCausesQueueingAndPreemption() throws {
        let fits = Tiny.requests(4, prompt: 100, output: 150)
        let (calm, _) = try Tiny.run(fits, replica: try Tiny.replica())
        #expect(calm.preemptions == 0)
        let calmLatest = try #require(calm.records.compactMap(\.endToEnd).max())

        let (crowded, _) = try Tiny.run(Tiny.requests(8, prompt: 100, output: 150), replica: try Tiny.replica())
        #expect(crowded.preemptions > 0)
        #expect(crowded.records.allSatisfy { $0.completion != nil })
        let preempted = crowded.records.count { $0.preemptions > 0 }
        #expect(preempted >= 4)
        // Decode here is weight-bound, so with room for all eight the run would take about
        // as long as the calm one; a cache that holds four makes it take much longer.
        let crowdedLatest = try #require(crowded.records.compactMap(\.endToEnd).max())
        #expect(crowdedLatest.seconds > 1.5 * calmLatest.seconds)
    }

    /// Batch-1 decode at TP 8 is overhead-bound: the fixed host and all-reduce terms
    /// exceed the weight streaming, so eight GPUs give less than half of 8× the speed of one.
    @Test func batchOneDecodeAtTP8IsOverheadBound() throws {
        var work = IterationWork()
        work.decodeSequences = 1
        work.decodeContextTokens = 512
        let tp8 = try IterationCostModel(model: ModelCatalogue.llama2_7B, gpu: Self.a100, tensorParallel: 8)
        let tp1 = try IterationCostModel(model: ModelCatalogue.llama2_7B, gpu: Self.a100, tensorParallel: 1)
        let fixed = tp8.allReduceSeconds(work) + IterationCostModel.defaultIterationOverhead.seconds
        #expect(fixed > tp8.gpuSeconds(work))
        #expect(tp1.time(work).seconds / tp8.time(work).seconds < 4)
    }
}
