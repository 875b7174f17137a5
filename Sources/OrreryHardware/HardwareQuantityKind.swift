/// The physical kind of value a hardware field holds.
///
/// Each kind has exactly one canonical unit, and `setting(_:to:)` takes values in that
/// unit. That lets a scenario layer convert "400 Gb/s" or "80 GiB" by kind alone,
/// without knowing which struct field it ends up in.
public enum HardwareQuantityKind: String, CaseIterable, Hashable, Sendable {
    /// Watts.
    case power
    /// Bytes.
    case bytes
    /// Bytes per second (also for NICs, whose datasheets quote bits per second).
    case bandwidth
    /// Floating-point operations per second.
    case flopsPerSecond
    /// A dimensionless whole number (GPUs, cores, NICs, switches).
    case count

    /// The canonical unit symbol, for messages and listings (empty for counts).
    public var unit: String {
        switch self {
        case .power: "W"
        case .bytes: "B"
        case .bandwidth: "B/s"
        case .flopsPerSecond: "FLOP/s"
        case .count: ""
        }
    }
}
