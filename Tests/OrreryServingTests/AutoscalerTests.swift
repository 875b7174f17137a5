import OrreryKernel
import Testing
@testable import OrreryServing

/// Replica autoscaling on the tiny replica: start-up delay, scale-up under load,
/// scale-down after it, and GPU time counted only while held.
@Suite struct AutoscalerTests {
    /// Boot 100 ms + 107,904 weight bytes at 1 MB/s = 207.904 ms; decisions every 50 ms.
    static func autoscaler(_ signal: AutoscalerConfiguration.Signal, max: Int = 4) -> AutoscalerConfiguration {
        AutoscalerConfiguration(
            signal: signal, minReplicas: 1, maxReplicas: max, interval: SimTime.millisecond.scaled(by: 50),
            bootTime: SimTime.millisecond.scaled(by: 100), storageBandwidthBytesPerSecond: 1e6)
    }

    static func run(_ requests: [ServingRequest], _ autoscaler: AutoscalerConfiguration) throws -> (ServingModel, SimTime) {
        let simulation = Simulation(seed: 1)
        var configuration = ServingConfiguration(replica: try Tiny.replica(), replicas: 1, routing: .leastOutstandingTokens)
        configuration.autoscaler = autoscaler
        let model = try ServingModel(simulation: simulation, configuration: configuration, requests: requests)
        return (model, simulation.run().endTime)
    }

    /// 600 ms of arrivals at 500/s, far beyond one replica (about 180/s: eight sequences
    /// of 40 tokens per ~45 ms), then a quiet tail of sparse requests.
    static let burstThenQuiet: [ServingRequest] =
        Tiny.requests(300, prompt: 100, output: 40, gap: SimTime.millisecond.scaled(by: 2))
        + (0..<20).map {
            ServingRequest(id: 300 + $0, arrival: .seconds(3 + Double($0) * 0.5), promptTokens: 20, outputTokens: 4)
        }

    @Test func startupDelayIsBootPlusWeightLoading() {
        let delay = Self.autoscaler(.queue(waitingPerReplica: 4)).startupDelay(weightBytes: 107_904)
        #expect(delay == SimTime.nanosecond.scaled(by: 207_904_000))
    }

    @Test(arguments: [
        AutoscalerConfiguration.Signal.queue(waitingPerReplica: 4), .utilisation(target: 0.6),
    ])
    func scalesUpUnderLoadAndDownAfter(signal: AutoscalerConfiguration.Signal) throws {
        let (model, end) = try Self.run(Self.burstThenQuiet, Self.autoscaler(signal))
        #expect(model.records.allSatisfy { $0.completion != nil })
        #expect(model.scaleUps > 0)
        #expect(model.peakProvisioned > 1)
        #expect(model.scaleDowns > 0)
        #expect(model.ready.count < model.peakProvisioned)
        // GPUs were held for less than the peak fleet over the whole run.
        let held = model.provisionedSeconds(until: end).reduce(0, +)
        #expect(held < Double(model.peakProvisioned) * end.seconds)
        #expect(held > end.seconds)
    }

    /// No request reaches a started replica before its start-up delay has passed.
    @Test func startedReplicasServeOnlyAfterStartup() throws {
        let autoscaler = Self.autoscaler(.queue(waitingPerReplica: 4))
        let (model, _) = try Self.run(Self.burstThenQuiet, autoscaler)
        let earliest = autoscaler.interval + autoscaler.startupDelay(weightBytes: 107_904)
        let onNew = model.records.filter { ($0.replica ?? 0) > 0 }
        #expect(!onNew.isEmpty)
        #expect(onNew.allSatisfy { ($0.firstScheduled ?? .zero) >= earliest })
    }

    @Test func boundsAreChecked() throws {
        var configuration = ServingConfiguration(replica: try Tiny.replica(), replicas: 5)
        configuration.autoscaler = Self.autoscaler(.utilisation(target: 0.5), max: 4)
        #expect(throws: ServingError.self) { try configuration.validate() }
    }

    @Test func utilisationTargetMustBeAFraction() throws {
        var configuration = ServingConfiguration(replica: try Tiny.replica(), replicas: 1)
        configuration.autoscaler = Self.autoscaler(.utilisation(target: 1.5))
        #expect(throws: ServingError.self) { try configuration.validate() }
    }
}
