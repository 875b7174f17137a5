/// One `metrics` row: a scalar summary of a run, the unit of comparison for baselines.
public struct MetricRow: Equatable, Sendable {
    public var name: String
    /// NaN if a NaN was recorded (stored as NULL).
    public var value: Double
    public var unit: String

    public init(name: String, value: Double, unit: String) {
        self.name = name
        self.value = value
        self.unit = unit
    }
}
