import OrreryKernel
import OrreryStorage
import Testing
@testable import OrreryServing

/// Replica autoscaling on the tiny replica: start-up delay, scale-up under load,
/// scale-down after it, and GPU time counted only while held.
@Suite struct AutoscalerTests {
    /// A weight store of 1.5 MB/s in all, 1 MB/s per client, no first-byte latency: one
    /// replica alone loads at 1 MB/s, two at once share 1.5 MB/s.
    static let store = try! StorageSystem(
        parallelFileSystem: StorageTier(aggregateBytesPerSecond: 1.5e6, perClientBytesPerSecond: 1e6, metadataLatency: .zero),
        objectStore: StorageTier(aggregateBytesPerSecond: 1.5e6, perClientBytesPerSecond: 1e6, metadataLatency: .zero),
        clientNetworkBytesPerSecond: 25e9)

    /// Boot 100 ms + 107,904 weight bytes at 1 MB/s = 207.904 ms alone; decisions every 50 ms.
    static func autoscaler(_ signal: AutoscalerConfiguration.Signal, max: Int = 4) -> AutoscalerConfiguration {
        AutoscalerConfiguration(
            signal: signal, minReplicas: 1, maxReplicas: max, interval: SimTime.millisecond.scaled(by: 50),
            bootTime: SimTime.millisecond.scaled(by: 100), weightLoading: WeightLoading(storage: store))
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
        let delay = Self.autoscaler(.queue(waitingPerReplica: 4)).uncontendedStartupDelay(weightBytes: 107_904)
        #expect(delay == SimTime.nanosecond.scaled(by: 207_904_000))
    }

    /// Replicas starting together read their weights through one storage tier: alone a
    /// replica loads at its 1 MB/s client rate (107.904 ms); three at once share the
    /// tier's 1.5 MB/s, 0.5 MB/s each, so they are ready 215.808 ms after booting.
    @Test func replicasStartingTogetherShareTheStorageTier() throws {
        func readyTimes(startingAtOnce burst: Int) throws -> [SimTime] {
            let simulation = Simulation(seed: 1)
            var configuration = ServingConfiguration(replica: try Tiny.replica(), replicas: 1)
            configuration.autoscaler = Self.autoscaler(.queue(waitingPerReplica: 1), max: 1 + burst)
            // Enough queued work at the first decision to ask for `burst` more replicas.
            let requests = Tiny.requests(20, prompt: 100, output: 150)
            let model = try ServingModel(simulation: simulation, configuration: configuration, requests: requests)
            var ready: [SimTime] = []
            simulation.run(until: SimTime.millisecond.scaled(by: 400))
            for i in 1...burst where model.state[i] == .ready { ready.append(model.readySince[i]) }
            return ready
        }
        let boot = SimTime.millisecond.scaled(by: 50 + 100)
        let alone = try readyTimes(startingAtOnce: 1)
        #expect(alone == [boot + SimTime.nanosecond.scaled(by: 107_904_000)])
        let three = try readyTimes(startingAtOnce: 3)
        #expect(three.count == 3)
        for time in three { #expect(abs((time - boot).seconds - 3 * 0.107_904 * 2 / 3) < 1e-6, "\(time)") }
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
        let earliest = autoscaler.interval + autoscaler.uncontendedStartupDelay(weightBytes: 107_904)
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
