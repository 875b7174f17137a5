/// A set of failure modes: the whole failure side of a scenario.
public struct FailureModel: Sendable, Equatable {
    public var modes: [FailureMode]

    /// Mode names must be unique (each owns the random stream `failures.<name>`).
    public init(modes: [FailureMode]) throws(ResilienceError) {
        var seen: Set<String> = []
        for mode in modes where !seen.insert(mode.name).inserted {
            throw .invalidParameter(name: "failures", value: mode.name, expected: "unique failure mode names")
        }
        self.modes = modes
    }

    /// No failures at all (an ideal run, for comparisons).
    public static let none = FailureModel(unchecked: [])

    init(unchecked modes: [FailureMode]) { self.modes = modes }

    /// Expected failures per hour across `inventory` (the analytic job failure rate).
    public func jobFailuresPerHour(_ inventory: FailureInventory) -> Double {
        modes.reduce(0) { $0 + $1.ratePerComponentHour * Double(inventory.count(of: $1.scope)) }
    }

    /// Mean time between job interruptions, seconds (infinite without failures).
    public func jobMTBFSeconds(_ inventory: FailureInventory) -> Double {
        let rate = jobFailuresPerHour(inventory)
        return rate > 0 ? 3600 / rate : .infinity
    }
}
