import OrreryHardware
import OrreryKernel
import Testing
@testable import OrreryServing

@Suite struct ReplicaSchedulingTests {
    @Test func tinyReplicaHasSixtyFourBlocks() throws {
        let replica = try Tiny.replica()
        #expect(replica.activationWorkspaceBytesPerGPU == 265_344)
        #expect(try Tiny.model().weightBytes == 107_904)
        #expect(replica.kvCapacityBytes == 262_144)
        #expect(replica.kvBlocks == Tiny.blocks)
    }

    @Test func llama2_7BOnA100HasAboutSixtyGBOfKV() throws {
        let gpu = try #require(HardwareCatalogue.builtIn.gpu(named: "A100-80GB"))
        let replica = ReplicaConfiguration(model: ModelCatalogue.llama2_7B, gpu: gpu)
        // 0.9 × 80 GiB − 13.48 GB weights − ≈ 0.35 GB workspace ≈ 63.5 GB → ≈ 7,570 blocks of 8 MiB.
        #expect(abs(Double(replica.kvCapacityBytes) - 63.5e9) < 0.1e9)
        #expect(replica.kvBlocks == replica.kvCapacityBytes / (16 * 524_288))
        try replica.validate()
    }

    @Test func seventyBDoesNotFitOneA100() throws {
        let gpu = try #require(HardwareCatalogue.builtIn.gpu(named: "A100-80GB"))
        let replica = ReplicaConfiguration(model: ModelCatalogue.llama2_70B, gpu: gpu)
        #expect(throws: ServingError.self) { try replica.validate() }
        var tp4 = replica
        tp4.tensorParallel = 4
        try tp4.validate()
    }

    /// One request, prompt 100, output 3: a prefill iteration then two decode iterations,
    /// each priced by the cost model on exactly the work the scheduler should give it.
    @Test func singleRequestTimelineByHand() throws {
        let config = try Tiny.replica()
        let arrival = SimTime.millisecond.scaled(by: 5)
        let request = ServingRequest(id: 0, arrival: arrival, promptTokens: 100, outputTokens: 3)
        let (model, _) = try Tiny.run([request], replica: config)
        let cost = try IterationCostModel(
            model: config.model, gpu: config.gpu, tensorParallel: 1, efficiency: config.efficiency)

        var prefill = IterationWork()
        prefill.prefillTokens = 100
        prefill.prefillAttentionPairs = 100 * 101 / 2
        var decode1 = IterationWork()
        decode1.decodeSequences = 1
        decode1.decodeContextTokens = 101  // attends to the 100 prompt tokens and itself
        var decode2 = decode1
        decode2.decodeContextTokens = 102

        // Prefill: FLOPs 2 × 47,552 × 100 + 4 × 64 × 5,050 = 10,803,200 → 10.8 µs;
        // bytes 107,904 + 256 × 100 = 133,504 → 133.5 µs (memory-bound toy), + 1 ms.
        #expect(abs(cost.time(prefill).nanoseconds - 1_133_504) <= 1)  // rounded up to whole ns
        let record = try #require(model.records.first)
        #expect(record.firstToken == arrival + cost.time(prefill))
        #expect(record.completion == arrival + cost.time(prefill) + cost.time(decode1) + cost.time(decode2))
        #expect(record.generatedTokens == 3)
        #expect(record.preemptions == 0)
        #expect(model.engines[0].freeBlocks == Tiny.blocks)
    }

    /// Prompts of 200 tokens need 13 blocks at admission and 16 by the end (249 tokens).
    /// Admission keeps a 1-block watermark, so four fit (52 blocks, 12 free) and the fifth
    /// queues; the four then grow into exactly the 12 free blocks, so nothing is preempted
    /// and the fifth starts only when the first finishes.
    @Test func kvExhaustionQueuesAdmissions() throws {
        let requests = Tiny.requests(5, prompt: 200, output: 50)
        let (model, _) = try Tiny.run(requests, replica: try Tiny.replica())
        let records = model.records
        #expect(model.preemptions == 0)
        #expect(records.allSatisfy { $0.completion != nil && $0.generatedTokens == 50 })
        let firstDone = try #require(records[0..<4].compactMap(\.completion).min())
        let fifthStart = try #require(records[4].firstToken)
        #expect(fifthStart > firstDone)
        #expect(records[0..<4].allSatisfy { ($0.firstToken ?? .max) < firstDone })
        let peak = try #require(model.metrics(end: .second).first { $0.name == "serving.kv.peak-utilisation" })
        #expect(peak.value == 1.0)
    }

    /// Eight requests of 100 + 100 tokens: admitted two per 256-token prefill iteration,
    /// they hold 8 × 7 = 56 blocks; each grows to 13 blocks (199 tokens), 104 in all,
    /// far beyond 64, so decoding must evict the newest sequences, which recompute later.
    @Test func kvOvercommitCausesPreemption() throws {
        let (model, _) = try Tiny.run(Tiny.requests(8, prompt: 100, output: 100), replica: try Tiny.replica())
        let records = model.records
        #expect(model.preemptions > 0)
        #expect(records.allSatisfy { $0.completion != nil && $0.generatedTokens == 100 })
        // The oldest sequences are never the ones evicted.
        #expect(records[0].preemptions == 0)
        #expect(records[1].preemptions == 0)
        #expect(records.map(\.preemptions).reduce(0, +) == model.preemptions)
        #expect(model.engines[0].freeBlocks == Tiny.blocks)
    }

    @Test func lightLoadIsNeverPreempted() throws {
        let (model, _) = try Tiny.run(Tiny.requests(2, prompt: 100, output: 100), replica: try Tiny.replica())
        #expect(model.preemptions == 0)
    }

    /// A 250-token prompt with a 64-token budget takes four chunked iterations
    /// (64, 64, 64, 58) before its first token; the attention pairs grow with the cache.
    @Test func chunkedPrefillSplitsThePrompt() throws {
        let config = try Tiny.replica(chunked: true, budget: 64)
        let (model, _) = try Tiny.run([ServingRequest(id: 0, arrival: .zero, promptTokens: 250, outputTokens: 1)], replica: config)
        let cost = try IterationCostModel(model: config.model, gpu: config.gpu, tensorParallel: 1, efficiency: config.efficiency)
        var expected = SimTime.zero
        for (cached, n) in [(0, 64), (64, 64), (128, 64), (192, 58)] {
            var work = IterationWork()
            work.prefillTokens = n
            work.prefillAttentionPairs = n * cached + n * (n + 1) / 2
            work.prefillCachedTokensRead = cached
            expected += cost.time(work)
        }
        let record = try #require(model.records.first)
        #expect(record.firstToken == expected)
        #expect(record.completion == expected)
        #expect(model.engines[0].iterations == 4)
    }

    @Test func nanUtilisationIsAnErrorNotATrap() throws {
        var config = try Tiny.replica()
        config.memoryUtilisation = .nan
        #expect(config.kvBlocks == 0)
        #expect(throws: ServingError.self) { try config.validate() }
    }

    @Test func chunkedPrefillNeedsNoBudgetAboveContext() throws {
        try Tiny.replica(chunked: true, budget: 64).validate()
        #expect(throws: ServingError.self) { try Tiny.replica(chunked: false, budget: 64).validate() }
    }

    @Test func overlongRequestIsRejected() throws {
        let requests = [
            ServingRequest(id: 0, arrival: .zero, promptTokens: 200, outputTokens: 57),  // 257 > 256
            ServingRequest(id: 1, arrival: .zero, promptTokens: 200, outputTokens: 56),
        ]
        let (model, _) = try Tiny.run(requests, replica: try Tiny.replica())
        #expect(model.records[0].rejected && model.records[0].completion == nil)
        #expect(!model.records[1].rejected && model.records[1].completion != nil)
    }
}
