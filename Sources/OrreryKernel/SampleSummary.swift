internal import CGSL

/// Mean and quantiles of a sample, computed with GSL's statistics routines.
///
/// Quantiles use GSL's interpolated estimator on sorted data (Hyndman–Fan type 7,
/// the same as NumPy's default), so figures can be reproduced in a notebook.
public struct SampleSummary: Sendable, Equatable {
    public var count: Int
    public var mean: Double
    public var min: Double
    public var max: Double
    public var p50: Double
    public var p90: Double
    public var p95: Double
    public var p99: Double

    /// Nil for an empty sample (there is no mean of nothing).
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        var sorted = values.sorted()
        let n = sorted.count
        count = n
        (mean, p50, p90, p95, p99) = sorted.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!  // non-empty
            return (
                gsl_stats_mean(base, 1, n),
                gsl_stats_quantile_from_sorted_data(base, 1, n, 0.50),
                gsl_stats_quantile_from_sorted_data(base, 1, n, 0.90),
                gsl_stats_quantile_from_sorted_data(base, 1, n, 0.95),
                gsl_stats_quantile_from_sorted_data(base, 1, n, 0.99)
            )
        }
        min = sorted[0]
        max = sorted[n - 1]
    }
}
