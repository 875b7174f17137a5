import OrreryKernel
import Testing
@testable import OrreryServing

@Suite struct ServingModelTests {
    static func synthetic(count: Int, seed: UInt64) throws -> [ServingRequest] {
        try SyntheticTrace(
            ratePerSecond: 20, promptTokens: .lognormal(median: 80, sigma: 0.6),
            outputTokens: .lognormal(median: 40, sigma: 0.6), maximumPromptTokens: 150, maximumOutputTokens: 100
        ).generate(count: count, random: RandomStreams(masterSeed: seed))
    }

    @Test func sameSeedGivesIdenticalRun() throws {
        let requests = try Self.synthetic(count: 300, seed: 3)
        let (a, endA) = try Tiny.run(requests, replica: try Tiny.replica(), replicas: 3, routing: .powerOfTwoChoices, seed: 11)
        let (b, endB) = try Tiny.run(requests, replica: try Tiny.replica(), replicas: 3, routing: .powerOfTwoChoices, seed: 11)
        #expect(endA == endB)
        #expect(a.records == b.records)
        #expect(a.metrics(end: endA) == b.metrics(end: endB))
        let (c, _) = try Tiny.run(requests, replica: try Tiny.replica(), replicas: 3, routing: .powerOfTwoChoices, seed: 12)
        #expect(a.records.map(\.replica) != c.records.map(\.replica))
    }

    @Test func metricsHaveStableNamesAndConsistentValues() throws {
        let requests = try Self.synthetic(count: 200, seed: 5)
        let (model, end) = try Tiny.run(requests, replica: try Tiny.replica())
        let metrics = Dictionary(uniqueKeysWithValues: model.metrics(end: end).map { ($0.name, $0.value) })
        for name in [
            "serving.ttft.p50", "serving.ttft.p90", "serving.ttft.p99", "serving.tpot.p50", "serving.tpot.p90",
            "serving.tpot.p99", "serving.e2e.p50", "serving.e2e.p90", "serving.e2e.p99",
            "serving.throughput.tokens-per-s", "serving.requests.finished", "serving.preemptions",
            "serving.kv.peak-utilisation",
        ] {
            #expect(metrics[name] != nil, "missing \(name)")
        }
        #expect(metrics["serving.requests.finished"] == 200)
        let tokens = Double(requests.map(\.outputTokens).reduce(0, +))
        #expect(metrics["serving.throughput.tokens-per-s"] == tokens / end.seconds)
        #expect(metrics["serving.ttft.p50"]! <= metrics["serving.ttft.p90"]!)
        #expect(metrics["serving.ttft.p90"]! <= metrics["serving.ttft.p99"]!)
        #expect(metrics["serving.e2e.p50"]! >= metrics["serving.ttft.p50"]!)
        for record in model.records {
            let first = try #require(record.firstToken), done = try #require(record.completion)
            #expect(record.arrival < first && first <= done)
        }
    }

    /// Overload (2,000 req/s of up to 250-token requests, 12 sequences of ≈ 13 blocks on
    /// 64 or, with the smaller chunked budget's workspace, 115 blocks) in both modes:
    /// sequences are preempted, yet every request finishes with all its tokens and every
    /// block comes back.
    @Test(arguments: [false, true])
    func overloadDrainsCompletely(chunked: Bool) throws {
        let requests = try SyntheticTrace(
            ratePerSecond: 2000, promptTokens: .lognormal(median: 120, sigma: 0.5),
            outputTokens: .lognormal(median: 60, sigma: 0.5), maximumPromptTokens: 150, maximumOutputTokens: 100
        ).generate(count: 400, random: RandomStreams(masterSeed: 9))
        let replica = try Tiny.replica(chunked: chunked, budget: chunked ? 48 : nil, maxSequences: 12)
        let (model, end) = try Tiny.run(requests, replica: replica, replicas: 2, routing: .leastOutstandingTokens)
        #expect(model.preemptions > 0)
        #expect(model.records.allSatisfy { $0.completion != nil && $0.generatedTokens == $0.outputTokens })
        for r in model.engines { #expect(r.freeBlocks == r.totalBlocks && r.runningCount == 0 && r.waitingCount == 0, "replica \(r.index): free \(r.freeBlocks) running \(r.runningCount) waiting \(r.waitingCount)") }
        let finished = model.metrics(end: end).first { $0.name == "serving.requests.finished" }
        #expect(finished?.value == 400)
    }

    @Test func roundRobinAlternates() throws {
        let requests = Tiny.requests(6, prompt: 10, output: 2, gap: .second)
        let (model, _) = try Tiny.run(requests, replica: try Tiny.replica(), replicas: 3, routing: .roundRobin)
        #expect(model.records.map(\.replica) == [0, 1, 2, 0, 1, 2])
    }

    /// Requests arriving together: the first two are long, so least-outstanding sends
    /// the rest to whichever replica has fewer prompt + output tokens queued.
    @Test func leastOutstandingTokensAvoidsTheLoadedReplica() throws {
        let requests = [
            ServingRequest(id: 0, arrival: .zero, promptTokens: 200, outputTokens: 50),
            ServingRequest(id: 1, arrival: .zero, promptTokens: 10, outputTokens: 5),
            ServingRequest(id: 2, arrival: .zero, promptTokens: 10, outputTokens: 5),
            ServingRequest(id: 3, arrival: .zero, promptTokens: 10, outputTokens: 5),
        ]
        let (model, _) = try Tiny.run(requests, replica: try Tiny.replica(), replicas: 2, routing: .leastOutstandingTokens)
        #expect(model.records.map(\.replica) == [0, 1, 1, 1])
    }

    @Test func powerOfTwoWithTwoReplicasPicksTheLessLoaded() throws {
        let requests = [
            ServingRequest(id: 0, arrival: .zero, promptTokens: 200, outputTokens: 50),
            ServingRequest(id: 1, arrival: .zero, promptTokens: 10, outputTokens: 5),
            ServingRequest(id: 2, arrival: .zero, promptTokens: 10, outputTokens: 5),
        ]
        let (model, _) = try Tiny.run(requests, replica: try Tiny.replica(), replicas: 2, routing: .powerOfTwoChoices)
        // With two replicas both are always sampled, so the choice is deterministic.
        #expect(model.records.map(\.replica) == [0, 1, 1])
    }

    @Test func unsortedTraceIsServedInArrivalOrder() throws {
        let requests = [
            ServingRequest(id: 0, arrival: .second, promptTokens: 10, outputTokens: 2),
            ServingRequest(id: 1, arrival: .zero, promptTokens: 10, outputTokens: 2),
        ]
        let (model, _) = try Tiny.run(requests, replica: try Tiny.replica())
        #expect(model.records.map(\.id) == [1, 0])
        #expect(model.records.allSatisfy { ($0.firstToken ?? .max) > $0.arrival })
    }

    @Test func zeroReplicasIsRejected() throws {
        let config = ServingConfiguration(replica: try Tiny.replica(), replicas: 0)
        #expect(throws: ServingError.self) {
            try ServingModel(simulation: Simulation(seed: 1), configuration: config, requests: [])
        }
    }
}
