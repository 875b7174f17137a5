import OrreryKernel
import Testing
@testable import OrreryServing

/// Prefill and decode on separate replicas with a KV transfer between them.
@Suite struct DisaggregationTests {
    static func run(_ requests: [ServingRequest], replicas: Int = 2, prefill: Int = 1) throws -> (ServingModel, SimTime) {
        let simulation = Simulation(seed: 1)
        var configuration = ServingConfiguration(replica: try Tiny.replica(), replicas: replicas)
        configuration.disaggregation = DisaggregationConfiguration(
            prefillReplicas: prefill, linkBandwidthBytesPerSecond: 1e6, latency: SimTime.microsecond.scaled(by: 20))
        let model = try ServingModel(simulation: simulation, configuration: configuration, requests: requests)
        return (model, simulation.run().endTime)
    }

    /// Prompt 100, output 3: prefill on replica 0, then 100 tokens × 256 B = 25,600 B at
    /// 1 MB/s + 20 µs = 25.62 ms of transfer, then two decodes on replica 1.
    @Test func oneRequestTimelineByHand() throws {
        let request = ServingRequest(id: 0, arrival: .zero, promptTokens: 100, outputTokens: 3)
        let (model, _) = try Self.run([request])
        let cost = model.replicas[0].cost
        var prefill = IterationWork()
        prefill.prefillTokens = 100
        prefill.prefillAttentionPairs = 100 * 101 / 2
        var decode1 = IterationWork()
        decode1.decodeSequences = 1
        decode1.decodeContextTokens = 101
        var decode2 = decode1
        decode2.decodeContextTokens = 102
        let transfer = SimTime.seconds(0.000_020 + 25_600 / 1e6)
        let record = try #require(model.records.first)
        #expect(record.firstToken == cost.time(prefill))
        #expect(record.completion == cost.time(prefill) + transfer + cost.time(decode1) + cost.time(decode2))
        #expect(record.replica == 1)
        #expect(model.replicas[0].freeBlocks == model.replicas[0].totalBlocks)
        #expect(model.replicas[1].freeBlocks == model.replicas[1].totalBlocks)
    }

    /// A crowd on two prefill and two decode replicas: everything finishes, and every
    /// request with more than one output token ends on a decode replica.
    @Test(arguments: [1, 2] as [UInt64])
    func crowdFinishesOnDecodeReplicas(seed: UInt64) throws {
        let random = RandomStreams(masterSeed: seed).stream("disaggregation-test")
        let requests = (0..<200).map {
            ServingRequest(
                id: $0, arrival: SimTime.microsecond.scaled(by: Int64($0) * 700),
                promptTokens: 20 + Int(random.uniformInt(below: 150)), outputTokens: 1 + Int(random.uniformInt(below: 60)))
        }
        let (model, _) = try Self.run(requests, replicas: 4, prefill: 2)
        let records = model.records
        #expect(records.allSatisfy { $0.completion != nil }, "seed \(seed)")
        #expect(records.allSatisfy { $0.outputTokens == 1 || ($0.replica ?? 0) >= 2 }, "seed \(seed)")
        #expect(records.allSatisfy { $0.generatedTokens == $0.outputTokens }, "seed \(seed)")
    }

    @Test func needsADecodeReplica() throws {
        var configuration = ServingConfiguration(replica: try Tiny.replica(), replicas: 2)
        configuration.disaggregation = DisaggregationConfiguration(prefillReplicas: 2)
        #expect(throws: ServingError.self) { try configuration.validate() }
    }

    @Test func transferTimeSplitsOverTheTPGroup() {
        let d = DisaggregationConfiguration(prefillReplicas: 1, linkBandwidthBytesPerSecond: 50e9, latency: .zero)
        // Llama-2-7B, 2,048 tokens × 512 KiB = 1 GiB over 4 GPUs × 50 GB/s.
        #expect(abs(d.kvTransferSeconds(bytes: 2048 * 524_288, tensorParallel: 4) - 1_073_741_824 / 200e9) < 1e-12)
    }
}
