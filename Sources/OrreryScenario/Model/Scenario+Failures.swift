import Foundation
import OrreryKernel
import OrreryResilience

/// The `failures` section: what fails, how often, and how the job recovers.
///
/// ```yaml
/// failures:
///   preset: llama3-h100-2024        # or `modes:` (a list), or both (modes are added)
///   modes:
///     - { name: gpu, scope: gpu, rate: 7e-6, shape: 1.5, replace: true, repair: 24h }
///   detection: 2min                 # a duration, or { distribution: lognormal, median: 2min, sigma: 0.5 }
///   teardown: 1min
///   restart: 5min                   # re-initialisation (the checkpoint load is simulated)
///   spares: { nodes: 64, repair: { distribution: lognormal, median: 24h } }
///   drain-after: 3                  # failures before a node is drained
/// ```
/// `rate` is failures per component-hour; `shape` makes the law Weibull; `spares.repair`
/// replaces every mode's repair time. See `docs/resilience.md`.
public struct FailureSettings: Sendable, Equatable {
    public var model: FailureModel
    public var recovery: RecoveryPolicy
}

extension FailureSettings {
    init(_ node: ConfigNode) throws(ScenarioError) {
        let map = try node.mapping()
        try map.checkKeys(allowed: ["preset", "modes", "detection", "teardown", "restart", "spares", "drain-after"])
        var modes: [FailureMode] = []
        if let preset = map.optional("preset") {
            let name = try preset.string()
            do { modes = try FailureModel.preset(named: name).modes } catch {
                throw preset.error("unknown failure preset '\(name)' (available: llama3-h100-2024, none)",
                                   suggestion: Suggestion.closest(to: name, among: ["llama3-h100-2024", "none"]))
            }
        }
        var repairOverride: Distribution?
        var spareNodes = 64
        if let spares = map.optional("spares") {
            let spareMap = try spares.mapping()
            try spareMap.checkKeys(allowed: ["nodes", "repair"])
            if let nodes = spareMap.optional("nodes") { spareNodes = try nodes.int(in: 0...1_000_000) }
            repairOverride = try spareMap.optional("repair").map { node throws(ScenarioError) in
                try node.secondsDistribution().scaled(by: 1.0 / 3600)
            }
        }
        if let list = map.optional("modes") {
            for element in try list.sequence() { modes.append(try Self.mode(element)) }
        }
        if let repairOverride {
            for index in modes.indices { modes[index].repairHours = repairOverride }
        }
        do { model = try FailureModel(modes: modes) } catch { throw node.error(error.description) }
        let defaults = try! RecoveryPolicy()  // the defaults are valid
        var drain: Int?
        if let drainNode = map.optional("drain-after") { drain = try drainNode.int(in: 1...1_000_000) }
        do {
            recovery = try RecoveryPolicy(
                detectionSeconds: try map.optional("detection")?.secondsDistribution() ?? defaults.detectionSeconds,
                teardownSeconds: try map.optional("teardown")?.secondsDistribution() ?? defaults.teardownSeconds,
                reinitialisationSeconds: try map.optional("restart")?.secondsDistribution()
                    ?? defaults.reinitialisationSeconds,
                warmSpareNodes: spareNodes, drainAfterFailures: drain)
        } catch let error as ScenarioError {
            throw error
        } catch {
            throw node.error("\(error)")
        }
    }

    private static func mode(_ node: ConfigNode) throws(ScenarioError) -> FailureMode {
        let map = try node.mapping()
        try map.checkKeys(allowed: ["name", "scope", "rate", "shape", "replace", "repair"])
        let name = try map.required("name").string()
        let scope: ComponentScope = try map.required("scope").enumValue()
        let rateNode = try map.required("rate")
        let rate = try rateNode.double()
        let law: FailureLaw = try map.optional("shape").map { shape throws(ScenarioError) in .weibull(shape: try shape.double()) }
            ?? .exponential
        let replace = try map.optional("replace")?.bool() ?? (scope != .job)
        let repair = try map.optional("repair")?.secondsDistribution().scaled(by: 1.0 / 3600)
        do {
            return try FailureMode(name: name, scope: scope, ratePerComponentHour: rate, law: law, requiresReplacement: replace,
                                   repairHours: repair ?? .lognormal(median: 24, sigma: 0.75))
        } catch {
            throw rateNode.error(error.description)
        }
    }
}

extension ConfigNode {
    /// A duration distribution in seconds: a plain duration (`2min`, constant) or a mapping
    /// `{ distribution: constant|exponential|lognormal|weibull|uniform, … }` with
    /// `value`, `mean`, `median` + `sigma`, `scale` + `shape`, or `low` + `high`.
    func secondsDistribution() throws(ScenarioError) -> Distribution {
        guard case .mapping(let map) = content else { return .constant(try duration().seconds) }
        try map.checkKeys(allowed: ["distribution", "value", "mean", "median", "sigma", "scale", "shape", "low", "high"])
        let kindNode = try map.required("distribution")
        let kinds = ["constant", "exponential", "lognormal", "weibull", "uniform"]
        let kind = try kindNode.string()
        func seconds(_ key: String) throws(ScenarioError) -> Double { try map.required(key).duration().seconds }
        func number(_ key: String) throws(ScenarioError) -> Double { try map.required(key).double() }
        let distribution: Distribution
        switch kind {
        case "constant": distribution = .constant(try seconds("value"))
        case "exponential": distribution = .exponential(mean: try seconds("mean"))
        case "lognormal": distribution = .lognormal(median: try seconds("median"), sigma: try number("sigma"))
        case "weibull": distribution = .weibull(scale: try seconds("scale"), shape: try number("shape"))
        case "uniform": distribution = .uniform(low: try seconds("low"), high: try seconds("high"))
        default:
            throw kindNode.error("unknown distribution '\(kind)' (available: \(kinds.joined(separator: ", ")))",
                                 suggestion: Suggestion.closest(to: kind, among: kinds))
        }
        do { return try distribution.validated() } catch { throw self.error(error.message) }
    }
}

extension Distribution {
    /// The same distribution with its values multiplied by `factor` (> 0), for unit changes.
    func scaled(by factor: Double) -> Distribution {
        switch self {
        case .constant(let v): .constant(v * factor)
        case .uniform(let low, let high): .uniform(low: low * factor, high: high * factor)
        case .exponential(let mean): .exponential(mean: mean * factor)
        case .weibull(let scale, let shape): .weibull(scale: scale * factor, shape: shape)
        case .lognormal(let mu, let sigma): .lognormal(mu: mu + log(factor), sigma: sigma)
        case .gamma(let shape, let scale): .gamma(shape: shape, scale: scale * factor)
        case .normal(let mean, let sd): .normal(mean: mean * factor, standardDeviation: sd * factor)
        case .poisson, .empirical: self  // not produced by secondsDistribution()
        }
    }
}
