public import OrreryKernel

/// The expected key metrics of one scenario at one seed, with tolerances: the committed
/// reference a CI run is compared against (format: `docs/results.md`).
///
/// A metric passes when `|actual − expected| ≤ max(absolute, relative × |expected|)`.
/// The relative part scales with the metric; the absolute part covers values near zero,
/// where any relative band collapses.
public struct Baseline: Codable, Equatable, Sendable {
    /// The file format this build reads and writes.
    public static let currentFormat = 1

    public var format: Int
    /// The scenario file the baseline was recorded from, as given on the command line.
    public var scenario: String
    public var seed: UInt64
    /// Keyed by metric name (as in the `metrics` table).
    public var metrics: [String: Expectation]

    /// One expected value and its tolerance band.
    public struct Expectation: Codable, Equatable, Sendable {
        public var value: Double
        public var unit: String
        /// Allowed deviation as a fraction of `|value|` (0.01 = 1 %). Non-negative.
        public var relative: Double
        /// Allowed deviation in the metric's unit. Non-negative.
        public var absolute: Double

        public init(value: Double, unit: String, relative: Double, absolute: Double) {
            self.value = value
            self.unit = unit
            self.relative = relative
            self.absolute = absolute
        }

        /// Half-width of the passing band around `value`, in the metric's unit.
        public var band: Double { Swift.max(absolute, relative * Swift.abs(value)) }

        /// Why this metric cannot be used, or `nil` if it is fine.
        var problem: String? {
            guard value.isFinite else { return "value \(value) is not finite" }
            guard relative.isFinite, relative >= 0 else { return "relative tolerance \(relative) must be finite and non-negative" }
            guard absolute.isFinite, absolute >= 0 else { return "absolute tolerance \(absolute) must be finite and non-negative" }
            return nil
        }
    }

    public init(scenario: String, seed: UInt64, metrics: [String: Expectation]) {
        self.format = Self.currentFormat
        self.scenario = scenario
        self.seed = seed
        self.metrics = metrics
    }

    /// A baseline recording `metrics` (typically ``ResultsReader/metrics(run:)`` of a
    /// reference run), every one with the same tolerances. If a name repeats, the last wins.
    /// Throws for a non-finite value (JSON cannot hold it) or an invalid tolerance.
    public static func make(
        from metrics: [Metric], scenario: String, seed: UInt64, relative: Double, absolute: Double
    ) throws -> Baseline {
        var expected: [String: Expectation] = [:]
        for row in metrics {
            expected[row.name] = Expectation(value: row.value, unit: row.unit, relative: relative, absolute: absolute)
        }
        let baseline = Baseline(scenario: scenario, seed: seed, metrics: expected)
        try baseline.validate(path: nil)
        return baseline
    }

    /// Throws for the first metric (by name) with a non-finite value or invalid tolerance.
    func validate(path: String?) throws {
        for (name, metric) in metrics.sorted(by: { $0.key < $1.key }) {
            if let problem = metric.problem {
                throw BaselineError.invalidMetric(path: path, metric: name, reason: problem)
            }
        }
    }
}
