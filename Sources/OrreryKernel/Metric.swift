/// A named summary figure of a run (`jobs.jct.p95`, `gpu.allocation`), with its unit.
///
/// Models produce metrics; the results store and baselines consume them by name, so
/// names are stable, dotted, lower-case identifiers documented beside the model.
public struct Metric: Sendable, Equatable {
    public var name: String
    public var value: Double
    public var unit: String

    public init(_ name: String, _ value: Double, unit: String) {
        self.name = name
        self.value = value
        self.unit = unit
    }

    public init(name: String, value: Double, unit: String) {
        self.init(name, value, unit: unit)
    }
}
