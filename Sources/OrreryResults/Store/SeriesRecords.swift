public import OrreryKernel

/// A declared time series (`series` row): what its samples mean.
public struct SeriesInfo: Equatable, Sendable {
    public var name: String
    public var unit: String
    public var description: String

    public init(name: String, unit: String, description: String) {
        self.name = name
        self.unit = unit
        self.description = description
    }
}

/// One `timeseries` row as read back.
public struct Sample: Equatable, Sendable {
    public var time: SimTime
    /// NaN if a NaN was recorded (stored as NULL).
    public var value: Double

    public init(time: SimTime, value: Double) {
        self.time = time
        self.value = value
    }
}
