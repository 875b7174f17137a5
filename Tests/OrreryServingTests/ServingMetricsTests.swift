import OrreryKernel
import Testing
@testable import OrreryServing

/// SLO attainment and goodput, queueing delay, KV utilisation, GPU-hours, energy, cost.
@Suite struct ServingMetricsTests {
    static func record(_ id: Int, ttft: Double?, end: Double?, output: Int = 11, rejected: Bool = false) -> RequestRecord {
        RequestRecord(
            id: id, arrival: .zero, firstScheduled: ttft.map { .seconds($0 / 2) }, firstToken: ttft.map { .seconds($0) },
            completion: end.map { .seconds($0) }, promptTokens: 10, outputTokens: output,
            generatedTokens: end == nil ? 0 : output, replica: rejected ? nil : 0, preemptions: 0, rejected: rejected)
    }

    static func slo() throws -> ServingSLO {
        try ServingSLO(targets: [
            try .init(name: "ttft-p50", limit: .seconds(1)), try .init(name: "tpot", limit: .seconds(0.1)),
        ])
    }

    /// Four served requests: TTFT 0.5, 0.8, 2, 0.2 s; TPOT (end − first)/10: 0.05, 0.05,
    /// 0.05, 0.3 s. Attaining both limits: the first two. The rejected one is left out.
    @Test func attainmentGoodputAndPercentiles() throws {
        let records = [
            Self.record(0, ttft: 0.5, end: 1.0), Self.record(1, ttft: 0.8, end: 1.3), Self.record(2, ttft: 2, end: 2.5),
            Self.record(3, ttft: 0.2, end: 3.2), Self.record(4, ttft: nil, end: nil, rejected: true),
        ]
        let report = SLOReport(slo: try Self.slo(), records: records, end: .seconds(4))
        #expect(report.attainment == 0.5)
        #expect(report.goodputRequestsPerSecond == 0.5)
        // TTFT p50 of [0.2, 0.5, 0.8, 2] = 0.65 s ≤ 1 s; TPOT p90 of [0.05 ×3, 0.3] = 0.225 s > 0.1 s.
        #expect(abs(report.observed[0].seconds - 0.65) < 1e-12)
        #expect(abs(report.observed[1].seconds - 0.225) < 1e-12)
        #expect(!report.isMet)
    }

    @Test func unfinishedRequestsMissTheSLO() throws {
        let records = [Self.record(0, ttft: 0.5, end: 1.0), Self.record(1, ttft: nil, end: nil)]
        let slo = try ServingSLO(targets: [try .init(name: "ttft-p90", limit: .seconds(1))])
        let report = SLOReport(slo: slo, records: records, end: .seconds(2))
        #expect(report.attainment == 0.5)
        #expect(report.observed[0].seconds == .infinity)
        #expect(!report.isMet)
    }

    @Test func targetNamesParse() throws {
        let target = try ServingSLO.Target(name: "tpot-p99.9", limit: .seconds(0.2))
        #expect(target.measure == .tpot && target.percentile == 99.9)
        #expect(try ServingSLO.Target(name: "e2e", limit: .seconds(5)).name == "e2e-p90")
        #expect(throws: ServingError.self) { try ServingSLO.Target(name: "ttfb-p90", limit: .seconds(1)) }
        #expect(throws: ServingError.self) { try ServingSLO.Target(name: "ttft-q90", limit: .seconds(1)) }
    }

    /// One request on the tiny replica, alone from time zero: busy the whole run, so the
    /// GPU draws its 100 W TDP throughout; cost = GPU-hours × price per output token.
    @Test func energyGPUHoursAndCostOfOneRequest() throws {
        let request = ServingRequest(id: 0, arrival: .zero, promptTokens: 100, outputTokens: 4)
        let simulation = Simulation(seed: 1)
        var configuration = ServingConfiguration(replica: try Tiny.replica())
        configuration.pricePerGPUHour = 3.6
        configuration.slo = try ServingSLO(targets: [try .init(name: "ttft-p90", limit: .seconds(1))])
        let model = try ServingModel(simulation: simulation, configuration: configuration, requests: [request])
        let end = simulation.run().endTime
        let metrics = Dictionary(uniqueKeysWithValues: model.metrics(end: end).map { ($0.name, $0.value) })
        let seconds = end.seconds
        #expect(abs((metrics["serving.gpu-hours"] ?? 0) - seconds / 3600) < 1e-15)
        #expect(abs((metrics["serving.energy.joules-per-token"] ?? 0) - 100 * seconds / 4) < 1e-9)
        let cost = seconds / 3600 * 3.6 / (4 / 1e6)
        #expect(abs((metrics["serving.cost.dollars-per-million-tokens"] ?? 0) - cost) < 1e-9)
        #expect(metrics["serving.slo.met"] == 1)
        #expect(metrics["serving.slo.attainment"] == 1)
        #expect(metrics["serving.queueing.max"] == 0)
        #expect((metrics["serving.kv.mean-utilisation"] ?? 0) > 0)
    }

    /// Two requests at once on a replica that admits one at a time: the second queues
    /// for exactly the first's whole run.
    @Test func queueingDelayIsArrivalToAdmission() throws {
        let requests = Tiny.requests(2, prompt: 100, output: 3)
        let (model, _) = try Tiny.run(requests, replica: try Tiny.replica(maxSequences: 1))
        let records = model.records
        #expect(records[0].queueingDelay == .zero)
        #expect(records[1].queueingDelay == records[0].completion)
    }

    @Test func unknownGPUPriceGivesNoCostMetric() throws {
        let (model, end) = try Tiny.run(Tiny.requests(1, prompt: 10, output: 2), replica: try Tiny.replica())
        #expect(!model.metrics(end: end).contains { $0.name.hasPrefix("serving.cost") })
    }
}
