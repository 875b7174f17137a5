import OrreryKernel

/// A latency service-level objective: per-metric limits that a given percentile of
/// requests must meet, like `ttft-p90: 2s, tpot-p99: 200ms` (90% of requests see their
/// first token within 2 s and 99% decode at 200 ms per token or faster).
///
/// A request *attains* the SLO when each of its metrics is within its limit (DistServe's
/// per-request definition, Zhong et al., OSDI'24); goodput counts attaining requests per
/// second. The deployment *meets* the SLO when, for every target, the target percentile
/// of that metric over all served requests is within the limit. Requests that never
/// finish count as infinitely late; rejected ones (too long for the model) are left out.
public struct ServingSLO: Sendable, Equatable {
    /// A per-request latency the SLO constrains.
    public enum Measure: String, Sendable, CaseIterable {
        /// Time to first token.
        case ttft
        /// Mean time per output token after the first.
        case tpot
        /// End-to-end latency.
        case e2e
    }

    public struct Target: Sendable, Equatable {
        public var measure: Measure
        /// Percentile in (0, 100].
        public var percentile: Double
        public var limit: SimTime

        public init(_ measure: Measure, percentile: Double, limit: SimTime) throws(ServingError) {
            guard percentile > 0, percentile <= 100 else {
                throw .invalidConfiguration("SLO \(measure.rawValue): percentile must be in (0, 100], got \(percentile)")
            }
            guard limit > .zero else {
                throw .invalidConfiguration("SLO \(measure.rawValue): limit must be > 0")
            }
            self.measure = measure
            self.percentile = percentile
            self.limit = limit
        }

        /// Percentile a target written without one (`ttft`) gets: 90, the attainment
        /// level DistServe (OSDI'24) plans for.
        public static let defaultPercentile = 90.0

        /// A target from its name, `ttft-p90`, `tpot-p99.9` or just `e2e` (p90).
        public init(name: String, limit: SimTime) throws(ServingError) {
            let parts = name.split(separator: "-", maxSplits: 1)
            let names = Measure.allCases.map(\.rawValue).joined(separator: ", ")
            guard let first = parts.first, let measure = Measure(rawValue: String(first)) else {
                throw .invalidConfiguration("unknown SLO measure '\(name)' (expected \(names), optionally with -pNN like ttft-p90)")
            }
            var percentile = Self.defaultPercentile
            if parts.count == 2 {
                let suffix = parts[1]
                guard suffix.hasPrefix("p"), let p = Double(suffix.dropFirst()) else {
                    throw .invalidConfiguration("SLO '\(name)': expected a percentile like -p90 after '\(measure.rawValue)'")
                }
                percentile = p
            }
            try self.init(measure, percentile: percentile, limit: limit)
        }

        /// The metric-name form, `ttft-p90`.
        public var name: String {
            let p = percentile.rounded() == percentile ? String(Int(percentile)) : String(percentile)
            return "\(measure.rawValue)-p\(p)"
        }
    }

    public var targets: [Target]

    public init(targets: [Target]) throws(ServingError) {
        guard !targets.isEmpty else { throw .invalidConfiguration("an SLO needs at least one target") }
        self.targets = targets
    }

    /// The measured value of `measure` for `record`: +∞ if it never got there, nil if the
    /// measure does not apply (TPOT of a one-token output).
    static func value(_ measure: Measure, of record: RequestRecord) -> Double? {
        switch measure {
        case .ttft: return record.timeToFirstToken?.seconds ?? .infinity
        case .e2e: return record.endToEnd?.seconds ?? .infinity
        case .tpot:
            if record.outputTokens <= 1 { return record.completion == nil ? .infinity : nil }
            return record.timePerOutputToken ?? .infinity
        }
    }

    /// Whether `record` is within every limit.
    public func isAttained(by record: RequestRecord) -> Bool {
        targets.allSatisfy { target in
            guard let value = Self.value(target.measure, of: record) else { return true }
            return value <= target.limit.seconds
        }
    }
}

/// How a run fared against a ``ServingSLO``.
public struct SLOReport: Sendable, Equatable {
    /// Per target, the observed percentile (seconds, +∞ if unfinished requests reach it).
    public var observed: [(target: ServingSLO.Target, seconds: Double)]
    /// Fraction of served requests attaining every limit.
    public var attainment: Double
    /// Attaining requests per second of simulated time.
    public var goodputRequestsPerSecond: Double

    /// Every target's percentile is within its limit.
    public var isMet: Bool { observed.allSatisfy { $0.seconds <= $0.target.limit.seconds } }

    /// Judges `records` (rejected ones left out) over a run that reached `end`.
    public init(slo: ServingSLO, records: [RequestRecord], end: SimTime) {
        let served = records.filter { !$0.rejected }
        observed = slo.targets.map { target in
            let values = served.compactMap { ServingSLO.value(target.measure, of: $0) }.sorted()
            return (target, Self.percentile(values, target.percentile))
        }
        let attaining = served.count { slo.isAttained(by: $0) }
        attainment = served.isEmpty ? 0 : Double(attaining) / Double(served.count)
        goodputRequestsPerSecond = end.seconds > 0 ? Double(attaining) / end.seconds : 0
    }

    /// The `p`-th percentile of ascending `values` by linear interpolation between closest
    /// ranks (as GSL's `gsl_stats_quantile_from_sorted_data`); 0 for no values.
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard let last = values.indices.last else { return 0 }
        let position = Double(last) * p / 100
        let low = Int(position.rounded(.down))
        let high = Swift.min(low + 1, last)
        let weight = position - Double(low)
        if weight == 0 || values[low] == values[high] { return values[low] }
        return values[low] + (values[high] - values[low]) * weight
    }

    public static func == (a: SLOReport, b: SLOReport) -> Bool {
        a.attainment == b.attainment && a.goodputRequestsPerSecond == b.goodputRequestsPerSecond
            && a.observed.map(\.target) == b.observed.map(\.target) && a.observed.map(\.seconds) == b.observed.map(\.seconds)
    }
}
