import OrreryKernel
import Testing
@testable import OrreryServing

/// Prefill and decode on separate replicas with a KV transfer between them.
@Suite struct DisaggregationTests {
    /// Tiny replicas one per node (ranks 0, 8, 16, …) of the default fabric, whose NICs
    /// are slowed to 1 MB/s so that transfers take milliseconds.
    static func run(
        _ requests: [ServingRequest], replicas: Int = 2, prefill: Int = 1, routing: RoutingPolicy = .roundRobin
    ) throws -> (ServingModel, SimTime) {
        let simulation = Simulation(seed: 1)
        var configuration = ServingConfiguration(replica: try Tiny.replica(), replicas: replicas, routing: routing)
        configuration.disaggregation = DisaggregationConfiguration(
            prefillReplicas: prefill, linkBandwidthBytesPerSecond: 1e6, setUpLatency: SimTime.microsecond.scaled(by: 20))
        let model = try ServingModel(
            simulation: simulation, configuration: configuration, requests: requests,
            placement: ReplicaPlacement(firstRanks: (0..<replicas).map { $0 * 8 }))
        return (model, simulation.run().endTime)
    }

    /// The fabric's latency from rank `a` to rank `b`.
    static func routeLatency(_ model: ServingModel, _ a: Int, _ b: Int) throws -> SimTime {
        let topology = try #require(model.network?.topology)
        return try topology.route(fromRank: a, toRank: b, flow: 1).reduce(SimTime.zero) { $0 + topology.link($1).latency }
    }

    /// Prompt 100, output 3: prefill on replica 0, then 100 tokens × 256 B = 25,600 B over
    /// the 1 MB/s NICs from rank 0 to rank 8 (25.6 ms, plus 20 µs of set-up and the
    /// route's latency), then two decodes on replica 1.
    @Test func oneRequestTimelineByHand() throws {
        let request = ServingRequest(id: 0, arrival: .zero, promptTokens: 100, outputTokens: 3)
        let (model, _) = try Self.run([request])
        let cost = model.engines[0].cost
        var prefill = IterationWork()
        prefill.prefillTokens = 100
        prefill.prefillAttentionPairs = 100 * 101 / 2
        var decode1 = IterationWork()
        decode1.decodeSequences = 1
        decode1.decodeContextTokens = 101
        var decode2 = decode1
        decode2.decodeContextTokens = 102
        let transfer = SimTime.microsecond.scaled(by: 20) + (try Self.routeLatency(model, 0, 8)) + .seconds(25_600 / 1e6)
        let record = try #require(model.records.first)
        #expect(record.firstToken == cost.time(prefill))
        let expected = cost.time(prefill) + transfer + cost.time(decode1) + cost.time(decode2)
        let completion = try #require(record.completion)
        #expect(abs((completion - expected).seconds) < 2e-9, "\(completion) vs \(expected)")
        #expect(record.replica == 1)
        #expect(model.engines[0].freeBlocks == model.engines[0].totalBlocks)
        #expect(model.engines[1].freeBlocks == model.engines[1].totalBlocks)
        #expect(model.network?.transfersFinished == 1)
    }

    /// Two prompts finishing together on two prefill replicas: sent to one decode replica
    /// their flows share its 1 MB/s NIC and each takes twice as long (51.2 ms); with two
    /// decode replicas they go to different NICs and take 25.6 ms, as alone.
    @Test func transfersIntoOneReplicaShareItsNIC() throws {
        let pair = (0..<2).map { ServingRequest(id: $0, arrival: .zero, promptTokens: 100, outputTokens: 2) }
        let (alone, _) = try Self.run([pair[0]])
        let (shared, _) = try Self.run(pair, replicas: 3, prefill: 2)
        let (spread, _) = try Self.run(pair, replicas: 4, prefill: 2)
        let single = try #require(alone.records[0].completion)
        let sharedLast = try #require(shared.records.compactMap(\.completion).max())
        let spreadLast = try #require(spread.records.compactMap(\.completion).max())
        #expect(abs((spreadLast - single).seconds) < 1e-6, "\(spreadLast) vs \(single)")
        // The second transfer ends 25.6 ms later than alone (both at half rate).
        #expect((sharedLast - single).seconds > 0.0256 - 1e-6, "\(sharedLast) vs \(single)")
        #expect(Set(spread.records.compactMap(\.replica)) == [2, 3])
        // The transfers' own times: 25.6 ms alone, 51.2 ms for both when they share a NIC.
        let fixed = 20e-6 + (try Self.routeLatency(alone, 0, 8)).seconds
        #expect(abs((alone.transferSeconds.first ?? 0) - (fixed + 0.0256)) < 1e-6)
        #expect(shared.transferSeconds.allSatisfy { abs($0 - (fixed + 0.0512)) < 1e-6 }, "\(shared.transferSeconds)")
        #expect(spread.transferSeconds.allSatisfy { abs($0 - (fixed + 0.0256)) < 1e-6 }, "\(spread.transferSeconds)")
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
}
