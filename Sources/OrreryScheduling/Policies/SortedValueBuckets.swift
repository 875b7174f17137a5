/// Where a value falls among sorted values, in a few steps whatever the distance: the
/// Gittins ranking's service samples (``GittinsRanking``), searched on every rank that
/// leaves its cached segment, sometimes across thousands of samples.
///
/// The bit patterns of positive doubles order them (exponent, then mantissa), so equal
/// slices of the patterns from the smallest positive value to the largest are buckets
/// that are finer in absolute terms where values are small: each octave is cut alike,
/// which suits a heavy-tailed distribution of job services. With about one bucket per
/// value, a bucket holds a few values (more only where values tie), so a count is a
/// table lookup and a short bisection.
struct SortedValueBuckets: Sendable {
    /// Per bucket, how many values lie in earlier buckets; then all of them.
    private var start: [Int32] = []
    /// The bit pattern where bucket 0 ends (values at or below it land there, the
    /// smallest positive value's pattern), and the bucket width as a shift of patterns.
    private var base: UInt64 = 0
    private var shift: UInt64 = 0
    /// The last bucket (values above the largest land there too).
    private var lastBucket: UInt64 = 0

    /// Buckets over `sorted` (ascending). Without a positive finite largest value, or
    /// with too many values for the table, every query gets the whole range.
    init(sorted values: [Double]) {
        guard let last = values.last, last.isFinite, last > 0, values.count < Int(Int32.max),
            let first = values.first(where: { $0 > 0 })
        else { return }
        base = first.bitPattern
        let span = last.bitPattern - base
        while span >> shift >= UInt64(values.count) { shift += 1 }
        lastBucket = span >> shift
        var start = Array(repeating: Int32(0), count: Int(lastBucket) + 2)
        for value in values { start[bucket(value) + 1] += 1 }
        for index in 1..<start.count { start[index] += start[index - 1] }
        self.start = start
    }

    /// The bucket of `value` (0 for values at or below the smallest positive one; the
    /// last for values above the largest).
    private func bucket(_ value: Double) -> Int {
        guard value > 0 else { return 0 }  // zero, negative, NaN
        let bits = value.bitPattern
        guard bits > base else { return 0 }
        return Int(Swift.min((bits - base) >> shift, lastBucket))
    }

    /// Bounds on how many of the values are ≤ `value`: the count is in `low...high`, and
    /// every value from `high` on is above `value`.
    func bounds(_ value: Double, count: Int) -> (low: Int, high: Int) {
        guard !start.isEmpty else { return (0, count) }
        let at = bucket(value)
        return (Int(start[at]), Int(start[at + 1]))
    }
}
