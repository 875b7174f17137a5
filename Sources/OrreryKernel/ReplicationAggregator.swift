internal import CGSL

/// Combines the metrics of independent replications of one scenario (same configuration,
/// run indices 0, 1, 2, … of one master seed, see ``RandomStreams``) into a mean and a
/// Student-t confidence interval per metric.
///
/// Metrics are matched by name and reported in the order their names first appeared,
/// so the summary's order is deterministic. A metric missing from some replications is
/// summarised over those that have it.
public struct ReplicationAggregator: Sendable {
    private var names: [String] = []
    private var units: [String] = []
    private var values: [[Double]] = []
    private var index: [String: Int] = [:]
    public private(set) var replications = 0

    public init() {}

    /// The run index of replication `r`: streams of replication r are seeded from
    /// (master seed, r, stream name), independent of every other replication's.
    public static func runIndex(ofReplication r: Int) -> UInt64 { UInt64(r) }

    /// Adds one replication's metrics.
    public mutating func add(_ metrics: [Metric]) {
        replications += 1
        for metric in metrics {
            if let slot = index[metric.name] {
                values[slot].append(metric.value)
            } else {
                index[metric.name] = names.count
                names.append(metric.name)
                units.append(metric.unit)
                values.append([metric.value])
            }
        }
    }

    /// Mean and two-sided `confidence` interval (0 < confidence < 1) of every metric.
    public func summary(confidence: Double = 0.95) -> [MetricInterval] {
        names.indices.map { slot in
            MetricInterval(name: names[slot], unit: units[slot], values: values[slot], confidence: confidence)
        }
    }
}

/// One metric over replications: its mean and the half-width of a Student-t interval.
public struct MetricInterval: Sendable, Equatable {
    public var name: String
    public var unit: String
    public var count: Int
    public var mean: Double
    /// Sample standard deviation (n − 1 denominator); 0 for one replication.
    public var standardDeviation: Double
    /// t(1 − (1 − confidence)/2, n − 1) · s / √n; nil with fewer than two replications.
    public var halfWidth: Double?
    public var confidence: Double

    public var lower: Double { mean - (halfWidth ?? 0) }
    public var upper: Double { mean + (halfWidth ?? 0) }

    init(name: String, unit: String, values: [Double], confidence: Double) {
        self.name = name
        self.unit = unit
        self.confidence = confidence
        count = values.count
        mean = values.reduce(0, +) / Double(values.count)
        guard values.count >= 2 else {
            standardDeviation = 0
            halfWidth = nil
            return
        }
        let m = mean
        let variance = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)
        standardDeviation = variance.squareRoot()
        GSL.configureOnce
        let t = gsl_cdf_tdist_Pinv(1 - (1 - confidence) / 2, Double(values.count - 1))
        halfWidth = t * standardDeviation / Double(values.count).squareRoot()
    }
}
