public import OrreryKernel

/// The result of comparing a run's metrics with a ``Baseline``: one row per baseline
/// metric (by name), then one per metric the run has that the baseline lacks (by name).
public struct BaselineReport: Equatable, Sendable {
    public enum Outcome: Sendable {
        /// Within the band.
        case pass
        /// Outside the band (or not a number).
        case fail
        /// In the baseline but not in the run: a failure, since a metric silently
        /// disappearing is a regression in its own right.
        case missing
        /// The run reports the metric in a different unit from the baseline: a failure,
        /// since the numbers are not comparable.
        case unitMismatch
        /// In the run but not in the baseline: informational, not a failure.
        case new

        public var isFailure: Bool {
            switch self {
            case .fail, .missing, .unitMismatch: true
            case .pass, .new: false
            }
        }
    }

    public struct Row: Equatable, Sendable {
        public var name: String
        /// The baseline's unit (the run's, for a new metric).
        public var unit: String
        /// The run's unit, when the run has the metric.
        public var actualUnit: String?
        public var expected: Double?
        public var actual: Double?
        /// Half-width of the passing band, in `unit`.
        public var band: Double?
        public var outcome: Outcome

        /// `actual − expected`, in `unit`.
        public var delta: Double? {
            guard let actual, let expected else { return nil }
            return actual - expected
        }

        /// `delta / |expected|`; `nil` when `expected` is 0 (the absolute band applies there).
        public var relativeDelta: Double? {
            guard let delta, let expected, expected != 0 else { return nil }
            return delta / Swift.abs(expected)
        }
    }

    public var rows: [Row]

    /// True when no row is a failure (new metrics do not count).
    public var passed: Bool { !rows.contains { $0.outcome.isFailure } }

    public var failures: [Row] { rows.filter { $0.outcome.isFailure } }
}

extension Baseline {
    /// Compares a run's metrics with this baseline. A metric passes when
    /// `|actual − expected| ≤ max(absolute, relative × |expected|)`. If `actual` repeats
    /// a name, the last row wins.
    public func compare(_ actual: [Metric]) -> BaselineReport {
        var observed: [String: Metric] = [:]
        for row in actual { observed[row.name] = row }

        var rows: [BaselineReport.Row] = []
        for (name, metric) in metrics.sorted(by: { $0.key < $1.key }) {
            let run = observed[name]
            let outcome: BaselineReport.Outcome
            if let run {
                if run.unit != metric.unit {
                    outcome = .unitMismatch
                } else {
                    // Written so that NaN fails: every comparison with NaN is false.
                    outcome = Swift.abs(run.value - metric.value) <= metric.band ? .pass : .fail
                }
            } else {
                outcome = .missing
            }
            rows.append(.init(
                name: name, unit: metric.unit, actualUnit: run?.unit, expected: metric.value,
                actual: run?.value, band: metric.band, outcome: outcome))
        }
        for row in observed.values.sorted(by: { $0.name < $1.name }) where metrics[row.name] == nil {
            rows.append(.init(
                name: row.name, unit: row.unit, actualUnit: row.unit, expected: nil, actual: row.value,
                band: nil, outcome: .new))
        }
        return BaselineReport(rows: rows)
    }
}
