/// How a sweep's axes combine into variants.
public enum SweepCombination: String, Sendable, CaseIterable {
    /// Every combination (the cross product), the first axis varying slowest.
    case cross
    /// The i-th value of every axis together; all axes have the same number of values.
    case zip
}

/// The `sweep` section of a scenario:
///
/// ```yaml
/// sweep:
///   combine: cross                  # or zip
///   axes:
///     cluster.nodes[0].count: [2, 3, 4]
///     scheduler.policy: [fifo, sjf]
///   replications: 3                 # optional; --replications overrides
///   metrics: [jobs.jct.mean, jobs.queueing.p99]   # optional; --metrics overrides
/// ```
public struct SweepSection: Sendable {
    public var axes: [SweepAxis] = []
    public var combination: SweepCombination = .cross
    /// Replications per variant, when the file sets them.
    public var replications: Int?
    /// Metric names (or `prefix.*` patterns) for the summary table, when the file sets them.
    public var metrics: [String]?

    public init() {}

    init(_ node: ConfigNode) throws(ScenarioError) {
        let map = try node.mapping()
        try map.checkKeys(allowed: ["axes", "combine", "replications", "metrics"])
        let axesNode = try map.required("axes")
        let axes = try axesNode.mapping()
        for entry in axes.entries {
            let path: DocumentPath
            do { path = try DocumentPath(parsing: entry.key) } catch {
                throw ScenarioError(
                    file: entry.keyLocation.file, location: entry.keyLocation, keyPath: ConfigNode.path(axes.keyPath, key: entry.key),
                    message: error.reason + "; write a key path such as cluster.nodes[0].count")
            }
            let values = try entry.value.sequence()
            guard !values.isEmpty else { throw entry.value.error("an axis needs one or more values, like [2, 4, 8]") }
            self.axes.append(try SweepAxis(path: path, values: values, origin: entry.keyLocation))
        }
        guard !self.axes.isEmpty else { throw axesNode.error("a sweep needs at least one axis, like 'scheduler.policy: [fifo, sjf]'") }
        if let combine = map.optional("combine") {
            let text = try combine.string()
            guard let combination = SweepCombination(rawValue: text) else {
                let names = SweepCombination.allCases.map(\.rawValue)
                throw combine.error(
                    "unknown combination '\(text)' (available: \(names.joined(separator: ", ")))",
                    suggestion: Suggestion.closest(to: text, among: names))
            }
            self.combination = combination
        }
        replications = try map.optional("replications")?.int(in: 1...100_000)
        if let metrics = map.optional("metrics") {
            self.metrics = try metrics.sequence().map { node throws(ScenarioError) in try node.string() }
            guard self.metrics?.isEmpty == false else { throw metrics.error("list one or more metric names, like [jobs.jct.mean]") }
        }
    }
}
