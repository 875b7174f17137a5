import OrreryFabric
import OrreryKernel

/// Closed-form collective durations (the bandwidth term of the α-β model, ring
/// algorithms), for groups whose links nothing else shares: tensor-parallel groups
/// inside an NVLink domain, and the test double of the fabric.
///
/// With `n` ranks, `S` bytes (nccl-tests convention, see ``Collective``) and bus
/// bandwidth `B`: all-reduce `2·(n−1)/n·S/B`; reduce-scatter, all-gather and all-to-all
/// `(n−1)/n·S/B`; broadcast and send/recv `S/B`; plus a fixed latency.
public struct ClosedFormCollectiveTime: Sendable {
    /// Ranks per scale-up (NVLink) domain; ranks `k·g ..< (k+1)·g` share one.
    public var gpusPerDomain: Int
    /// Per-GPU, per-direction bandwidth inside a domain and across domains (B/s).
    public var scaleUpBytesPerSecond: Double
    public var scaleOutBytesPerSecond: Double
    public var calibration: TrainingCalibration

    public init(
        gpusPerDomain: Int, scaleUpBytesPerSecond: Double, scaleOutBytesPerSecond: Double,
        calibration: TrainingCalibration = .default
    ) {
        self.gpusPerDomain = gpusPerDomain
        self.scaleUpBytesPerSecond = scaleUpBytesPerSecond
        self.scaleOutBytesPerSecond = scaleOutBytesPerSecond
        self.calibration = calibration
    }

    /// Seconds for `kind` over `ranks` ranks moving `bytes`, inside one domain or not.
    public func seconds(_ kind: CollectiveKind, ranks n: Int, bytes: Double, insideDomain: Bool) -> Double {
        guard n > 1 else { return 0 }
        let busBandwidth = insideDomain
            ? scaleUpBytesPerSecond * calibration.scaleUpBusEfficiency
            : scaleOutBytesPerSecond * calibration.scaleOutBusEfficiency
        let fraction = Double(n - 1) / Double(n)
        let factor: Double =
            switch kind {
            case .allReduce: 2 * fraction
            case .reduceScatter, .allGather, .allToAll: fraction
            case .broadcast, .sendRecv: 1
            }
        return calibration.collectiveLatency.seconds + factor * bytes / busBandwidth
    }

    /// Seconds for `collective`, judging the domain from its ranks.
    public func seconds(_ collective: Collective) -> Double {
        let domain = collective.ranks.first.map { $0 / gpusPerDomain } ?? 0
        let inside = collective.ranks.allSatisfy { $0 / gpusPerDomain == domain }
        return seconds(collective.kind, ranks: collective.ranks.count, bytes: collective.bytes, insideDomain: inside)
    }
}

/// A ``CollectiveExecutor`` that finishes each collective after its closed-form time,
/// ignoring contention: the test double of the fabric, and the fast path for jobs whose
/// groups have the network to themselves.
public final class ClosedFormCollectives: CollectiveExecutor {
    private let simulation: Simulation
    public let timing: ClosedFormCollectiveTime

    public init(simulation: Simulation, timing: ClosedFormCollectiveTime) {
        self.simulation = simulation
        self.timing = timing
    }

    public func start(_ collective: Collective, onComplete: @escaping (SimTime) -> Void) throws(CollectiveError) {
        guard !collective.ranks.isEmpty else { throw .invalidGroup("no ranks") }
        guard collective.bytes.isFinite, collective.bytes >= 0 else { throw .invalidSize(collective.bytes) }
        let simulation = simulation
        simulation.schedule(after: .seconds(timing.seconds(collective))) { onComplete(simulation.now) }
    }
}
