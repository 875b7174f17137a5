/// What one hardware field accepts: its kind, whether zero is allowed, and an upper bound.
///
/// The bounds exist so that converting an accepted `Double` to `Int` can never trap:
/// counts stop at ``maximumCount``; byte counts at 2^53, the range in which every
/// integer is exactly representable as a `Double` (≈ 9 PB, far above any device).
struct QuantityRule: Hashable, Sendable {
    /// The largest accepted count (GPUs per node, cores, NICs, switches).
    static let maximumCount: Double = 1_048_576
    /// The largest accepted byte count: 2^53.
    static let maximumBytes: Double = 9_007_199_254_740_992

    var kind: HardwareQuantityKind
    var allowsZero = false

    /// Returns the value as it will be stored, or `nil` if the field does not accept it.
    /// Byte counts are rounded to the nearest whole byte (a unit conversion such as
    /// 0.1 GiB is not whole, and sub-byte precision means nothing); counts must already
    /// be whole, because 2.5 GPUs is a mistake, not a rounding.
    func accepted(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        let stored = kind == .bytes ? value.rounded() : value
        guard allowsZero ? stored >= 0 : stored > 0 else { return nil }
        switch kind {
        case .count:
            guard stored <= Self.maximumCount, stored == stored.rounded(.towardZero) else { return nil }
        case .bytes:
            guard stored <= Self.maximumBytes else { return nil }
        case .power, .bandwidth, .flopsPerSecond:
            break
        }
        return stored
    }

    /// What the field expects, phrased for an error message.
    var expectation: String {
        let lowerBound = allowsZero ? ">= 0" : "> 0"
        switch kind {
        case .count:
            return "a whole number from \(allowsZero ? 0 : 1) to \(Int(Self.maximumCount))"
        case .bytes:
            return "a finite number of bytes \(lowerBound) and <= 2^53"
        case .power, .bandwidth, .flopsPerSecond:
            return "a finite \(kind.rawValue) in \(kind.unit), \(lowerBound)"
        }
    }
}
