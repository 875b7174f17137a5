import Foundation
import OrreryHardware
import OrreryKernel
import Testing
@testable import OrreryServing

/// Multi-step decode spans give exactly the iteration-by-iteration loop's results.
@Suite struct DecodeSpanTests {
    static func requests(seed: UInt64, count: Int, rate: Double, maxPrompt: Int, maxOutput: Int) -> [ServingRequest] {
        let random = RandomStreams(masterSeed: seed).stream("decode-span-test")
        var time = 0.0
        return (0..<count).map { id in
            time += -log(1 - random.uniform()) / rate
            return ServingRequest(
                id: id, arrival: .seconds(time), promptTokens: 1 + Int(random.uniformInt(below: UInt32(maxPrompt))),
                outputTokens: 1 + Int(random.uniformInt(below: UInt32(maxOutput))))
        }
    }

    /// Runs `requests` with and without spans (to `horizon`) and returns both models.
    static func both(
        _ requests: [ServingRequest], replica: ReplicaConfiguration, replicas: Int = 2, horizon: SimTime = .max,
        configure: (inout ServingConfiguration) -> Void = { _ in }
    ) throws -> (spans: ServingModel, steps: ServingModel, spanEvents: UInt64, stepEvents: UInt64, simulations: [Simulation]) {
        var models: [ServingModel] = []
        var simulations: [Simulation] = []
        var events: [UInt64] = []
        for fast in [true, false] {
            var replica = replica
            replica.fastForwardDecodes = fast
            var configuration = ServingConfiguration(replica: replica, replicas: replicas, routing: .leastOutstandingTokens)
            configure(&configuration)
            let simulation = Simulation(seed: 1)
            let model = try ServingModel(simulation: simulation, configuration: configuration, requests: requests)
            events.append(simulation.run(until: horizon).eventsExecuted)
            models.append(model)
            simulations.append(simulation)  // models hold their simulation unowned
        }
        return (models[0], models[1], events[0], events[1], simulations)
    }

    static func expectSame(_ a: ServingModel, _ b: ServingModel, _ note: String) {
        let end = a.simulation.now
        #expect(end == b.simulation.now, "\(note)")
        a.settle(at: end)
        #expect(a.records == b.records, "\(note)")
        let ma = a.metrics(end: end), mb = b.metrics(end: end)
        #expect(ma.map(\.name) == mb.map(\.name), "\(note)")
        for (x, y) in zip(ma, mb) {
            #expect(x.value == y.value || abs(x.value - y.value) <= 1e-9 * abs(y.value), "\(note): \(x.name) \(x.value) vs \(y.value)")
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func llamaOnA100MatchesTheLoop(seed: UInt64) throws {
        let a100 = try #require(HardwareCatalogue.builtIn.gpu(named: "A100-80GB"))
        let requests = Self.requests(seed: seed, count: 600, rate: 6, maxPrompt: 2000, maxOutput: 400)
        let plain = ReplicaConfiguration(model: ModelCatalogue.llama2_7B, gpu: a100)
        let run = try Self.both(requests, replica: plain)
        Self.expectSame(run.spans, run.steps, "seed \(seed)")
        withExtendedLifetime(run.simulations) {}
        #expect(run.spanEvents * 3 < run.stepEvents, "\(run.spanEvents) vs \(run.stepEvents)")
        var chunked = plain
        chunked.chunkedPrefill = true
        chunked.maxBatchedTokens = 512
        let chunkedRun = try Self.both(requests, replica: chunked)
        Self.expectSame(chunkedRun.spans, chunkedRun.steps, "chunked, seed \(seed)")
        withExtendedLifetime(chunkedRun.simulations) {}
        // Spans price their iterations with whichever backend the replica uses.
        var profiled = plain
        profiled.operatorProfile = try OperatorProfile.parse(OperatorProfileTests.text, file: "ops.csv")
        let profiledRun = try Self.both(requests, replica: profiled)
        Self.expectSame(profiledRun.spans, profiledRun.steps, "operator profile, seed \(seed)")
        withExtendedLifetime(profiledRun.simulations) {}
    }

    /// The tiny replica under preemption (recompute and swap) and with disaggregation.
    @Test(arguments: [1, 2] as [UInt64])
    func preemptionAndHandOffsMatchTheLoop(seed: UInt64) throws {
        let requests = Self.requests(seed: seed, count: 300, rate: 600, maxPrompt: 120, maxOutput: 120)
        let recompute = try Self.both(requests, replica: try Tiny.replica())
        #expect(recompute.steps.preemptions > 0)
        Self.expectSame(recompute.spans, recompute.steps, "recompute, seed \(seed)")
        withExtendedLifetime(recompute.simulations) {}
        var swap = try Tiny.replica()
        swap.preemption = .swap
        swap.swapSpaceBytesPerGPU = 32 * 4096
        let swapped = try Self.both(requests, replica: swap)
        Self.expectSame(swapped.spans, swapped.steps, "swap, seed \(seed)")
        withExtendedLifetime(swapped.simulations) {}
        let split = try Self.both(requests, replica: try Tiny.replica(), replicas: 3) {
            $0.disaggregation = DisaggregationConfiguration(prefillReplicas: 1, linkBandwidthBytesPerSecond: 1e8)
        }
        Self.expectSame(split.spans, split.steps, "disaggregated, seed \(seed)")
        withExtendedLifetime(split.simulations) {}
    }

    /// Under an autoscaler, whose decisions read busy time and queues mid-span.
    @Test(arguments: [AutoscalerConfiguration.Signal.queue(waitingPerReplica: 4), .utilisation(target: 0.6)])
    func autoscaledRunsMatchTheLoop(signal: AutoscalerConfiguration.Signal) throws {
        let run = try Self.both(AutoscalerTests.burstThenQuiet, replica: try Tiny.replica(), replicas: 1) {
            $0.autoscaler = AutoscalerTests.autoscaler(signal)
        }
        #expect(run.steps.scaleUps > 0 && run.steps.scaleDowns > 0)
        Self.expectSame(run.spans, run.steps, "\(signal)")
        #expect(run.spans.scaleUps == run.steps.scaleUps && run.spans.scaleDowns == run.steps.scaleDowns)
        withExtendedLifetime(run.simulations) {}
    }

    /// A run stopped at a horizon mid-span reports what the loop would have by then.
    @Test(arguments: [0.7, 3.3, 11.1])
    func stoppingMidSpanSettles(horizonSeconds: Double) throws {
        let a100 = try #require(HardwareCatalogue.builtIn.gpu(named: "A100-80GB"))
        let requests = Self.requests(seed: 9, count: 100, rate: 4, maxPrompt: 1000, maxOutput: 800)
        let run = try Self.both(
            requests, replica: ReplicaConfiguration(model: ModelCatalogue.llama2_7B, gpu: a100), replicas: 1,
            horizon: .seconds(horizonSeconds))
        Self.expectSame(run.spans, run.steps, "horizon \(horizonSeconds) s")
        withExtendedLifetime(run.simulations) {}
    }
}
