import OrreryKernel

/// Replica autoscaling: every `interval` the autoscaler compares a load signal with its
/// target and starts or drains replicas between `minReplicas` and `maxReplicas`, in the
/// manner of Kubernetes' horizontal pod autoscaler (desired = ⌈ready × observed / target⌉).
///
/// A started replica serves only after its start-up: booting the engine (`bootTime`),
/// then reading its weights from the storage model (``WeightLoading``), where replicas
/// starting together share the tier's bandwidth. A
/// drained replica takes no new requests, finishes what it holds and then releases its
/// GPUs. Scale-down goes one replica per interval, so a brief lull does not empty the
/// deployment; scale-up starts as many as the signal asks for at once.
public struct AutoscalerConfiguration: Sendable, Equatable {
    public enum Signal: Sendable, Equatable {
        /// Keep the busy fraction of ready replicas (time in iterations over the last
        /// interval) near `target`, in (0, 1].
        case utilisation(target: Double)
        /// Keep the requests waiting for admission per ready replica near `target`.
        case queue(waitingPerReplica: Double)
    }

    /// Default engine boot before weights load, 20 s: container start, engine and CUDA
    /// initialisation, CUDA-graph capture. vLLM-style engines take tens of seconds from
    /// launch to serving for 7–70B models; an assumption to override with measurements.
    public static let defaultBootTime = SimTime.second.scaled(by: 20)
    /// Default decision interval, 15 s (the Kubernetes HPA's default sync period).
    public static let defaultInterval = SimTime.second.scaled(by: 15)

    public var signal: Signal
    public var minReplicas: Int
    public var maxReplicas: Int
    public var interval: SimTime
    public var bootTime: SimTime
    /// Where and how fast starting replicas read their weights.
    public var weightLoading: WeightLoading

    public init(
        signal: Signal, minReplicas: Int, maxReplicas: Int, interval: SimTime = defaultInterval,
        bootTime: SimTime = defaultBootTime, weightLoading: WeightLoading = WeightLoading()
    ) {
        self.signal = signal
        self.minReplicas = minReplicas
        self.maxReplicas = maxReplicas
        self.interval = interval
        self.bootTime = bootTime
        self.weightLoading = weightLoading
    }

    /// Time from starting a replica of a model with `weightBytes` on `nodes` nodes to its
    /// serving, when no other replica loads at the same time.
    public func uncontendedStartupDelay(weightBytes: Int, nodes: Int = 1) -> SimTime {
        bootTime + .seconds(weightLoading.uncontendedSeconds(bytes: Double(weightBytes), nodes: nodes))
    }

    func validate(initialReplicas: Int) throws(ServingError) {
        guard minReplicas >= 1, minReplicas <= maxReplicas, maxReplicas <= 100_000 else {
            throw .invalidConfiguration("autoscaler: need 1 ≤ min (\(minReplicas)) ≤ max (\(maxReplicas)) ≤ 100,000")
        }
        guard (minReplicas...maxReplicas).contains(initialReplicas) else {
            throw .invalidConfiguration(
                "autoscaler: the initial \(initialReplicas) replicas must be within min \(minReplicas) and max \(maxReplicas)")
        }
        guard interval > .zero, bootTime >= .zero else {
            throw .invalidConfiguration("autoscaler: interval must be > 0 and boot time ≥ 0")
        }
        try weightLoading.validate()
        switch signal {
        case .utilisation(let target):
            guard target > 0, target <= 1 else {
                throw .invalidConfiguration("autoscaler: target utilisation must be in (0, 1], got \(target)")
            }
        case .queue(let waiting):
            guard waiting.isFinite, waiting > 0 else {
                throw .invalidConfiguration("autoscaler: target waiting requests per replica must be > 0, got \(waiting)")
            }
        }
    }
}
