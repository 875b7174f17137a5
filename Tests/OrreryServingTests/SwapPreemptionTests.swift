import OrreryHardware
import OrreryKernel
import Testing
@testable import OrreryServing

/// Preemption by swapping KV to host memory (vLLM's `preemption_mode="swap"`) on the tiny
/// replica: eight requests of 100 + 100 tokens need 104 blocks of its 64.
@Suite struct SwapPreemptionTests {
    static func run(swapSpace: Int = 64 * 4096, hostBandwidth: Double? = nil) throws -> (ServingModel, SimTime) {
        var replica = try Tiny.replica()
        replica.preemption = .swap
        replica.swapSpaceBytesPerGPU = swapSpace
        replica.swapBytesPerSecondPerGPU = hostBandwidth
        return try Tiny.run(Tiny.requests(8, prompt: 100, output: 100), replica: replica)
    }

    @Test func swappedSequencesKeepTheirKVAndComeBack() throws {
        let (model, _) = try Self.run()
        let replica = model.engines[0]
        #expect(model.preemptions > 0)
        #expect(replica.swapOuts == model.preemptions)
        #expect(model.records.allSatisfy { $0.completion != nil && $0.generatedTokens == 100 })
        // Every block swapped out came back: the host space is free again, and the bytes
        // moved are whole blocks out and in.
        #expect(replica.freeSwapBlocks == 64)
        #expect(replica.swappedBytes > 0 && replica.swappedBytes % (2 * 4096) == 0)
        #expect(replica.freeBlocks == Tiny.blocks)
    }

    /// With a fast host link swapping beats recomputing (no prompt is prefilled twice);
    /// with a slow one the copies, charged to the iterations, make it slower.
    @Test func swapCostsTheHostLinkTime() throws {
        let (_, recomputeEnd) = try Tiny.run(Tiny.requests(8, prompt: 100, output: 100), replica: try Tiny.replica())
        let (_, fastEnd) = try Self.run()
        let (slow, slowEnd) = try Self.run(hostBandwidth: 1e5)
        #expect(fastEnd < recomputeEnd)
        // 1 s per 100 kB: every swapped block costs 41 ms.
        let swapSeconds = Double(slow.engines[0].swappedBytes) / 1e5
        #expect(slowEnd.seconds > recomputeEnd.seconds)
        #expect(slowEnd.seconds >= fastEnd.seconds + swapSeconds * 0.99)
    }

    /// Without room in host memory the replica falls back to recompute.
    @Test func fullSwapSpaceFallsBackToRecompute() throws {
        let (model, _) = try Self.run(swapSpace: 0)
        #expect(model.preemptions > 0)
        #expect(model.engines[0].swapOuts == 0)
        #expect(model.records.allSatisfy { $0.generatedTokens == 100 })
    }

    /// vLLM copies over PCIe: Gen4 for A100, Gen5 for H100, at 80% of the ×16 rate.
    @Test func hostLinkFollowsTheGPUGeneration() throws {
        let a100 = try #require(HardwareCatalogue.builtIn.gpu(named: "A100-80GB"))
        let h100 = try #require(HardwareCatalogue.builtIn.gpu(named: "H100-SXM"))
        #expect(abs(HostLink.defaultBytesPerSecond(gpu: a100) - 0.8 * 31.5e9) / 31.5e9 < 0.01)
        #expect(abs(HostLink.defaultBytesPerSecond(gpu: h100) - 0.8 * 63e9) / 63e9 < 0.01)
    }
}

/// Tensor parallelism beyond the KV heads replicates them (vLLM keeps at least one KV head
/// per GPU), so the replica's KV per token grows and its cache holds fewer tokens.
@Suite struct KVHeadReplicationTests {
    @Test func tensorParallelismBeyondKVHeadsReplicatesThem() throws {
        let a100 = try #require(HardwareCatalogue.builtIn.gpu(named: "A100-80GB"))
        let model = ModelCatalogue.llama2_70B  // 8 KV heads
        let tp8 = ReplicaConfiguration(model: model, gpu: a100, tensorParallel: 8)
        let tp16 = ReplicaConfiguration(model: model, gpu: a100, tensorParallel: 16)
        #expect(tp8.kvHeadsHeld == 8 && tp8.kvBytesPerToken == model.kvBytesPerToken)
        #expect(tp16.kvHeadsHeld == 16 && tp16.kvBytesPerToken == 2 * model.kvBytesPerToken)
        // Twice the GPUs hold more bytes, but each token costs twice as much.
        #expect(tp16.kvBlocks == tp16.kvCapacityBytes / (16 * 2 * model.kvBytesPerToken))
        #expect(Double(tp16.kvBlocks) < 2 * Double(tp8.kvBlocks) * 0.75)
        // A decode step reads the replicated KV: more bytes than sharded heads would.
        var work = IterationWork()
        work.decodeSequences = 64
        work.decodeContextTokens = 64 * 2048
        let replicated = try IterationCostModel(
            model: model, gpu: a100, tensorParallel: 16, kvBytesPerToken: tp16.kvBytesPerToken)
        let sharded = try IterationCostModel(model: model, gpu: a100, tensorParallel: 16)
        #expect(replicated.bytes(work) > sharded.bytes(work))
    }
}
