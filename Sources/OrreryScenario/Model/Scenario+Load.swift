import Foundation
import OrreryKernel
import OrreryHardware
import OrreryScheduling

extension Scenario {
    /// Top-level sections. Sections that later models will fill are recognised so that
    /// using them gives an honest "not supported yet" instead of "unknown key".
    static let sections = ["name", "description", "run", "cluster", "workloads", "scheduler", "failures", "power"]
    static let plannedSections = ["serving", "sweep"]

    /// Reads, parses and checks a scenario file.
    ///
    /// Structural problems (syntax, types, unknown keys) stop at the first one; semantic
    /// checks (a job larger than the cluster, an unknown GPU type) are collected so the
    /// user sees them all at once.
    public static func load(path: String, catalogue: HardwareCatalogue = .builtIn) throws(ScenarioErrors) -> Scenario {
        let document: ConfigDocument
        do { document = try ConfigDocument.load(path: path) } catch { throw ScenarioErrors([error]) }
        return try parse(document, catalogue: catalogue)
    }

    /// Parses an already-loaded document (tests use this with in-memory text).
    public static func parse(_ document: ConfigDocument, catalogue: HardwareCatalogue = .builtIn) throws(ScenarioErrors) -> Scenario {
        let scenario: Scenario
        do { scenario = try build(document, catalogue: catalogue) } catch { throw ScenarioErrors([error]) }
        try scenario.validate()
        return scenario
    }

    private static func build(_ document: ConfigDocument, catalogue: HardwareCatalogue) throws(ScenarioError) -> Scenario {
        let root = try document.root.mapping()
        if let fabric = root.optional("fabric") {
            throw fabric.error("the fabric is described under 'cluster.fabric' (see docs/scenario-format.md)")
        }
        for key in root.keys where plannedSections.contains(key) {
            let node = try root.required(key)
            throw node.error("the '\(key)' section is not supported by this version of Orrery yet; remove it to run the rest")
        }
        try root.checkKeys(allowed: sections + plannedSections + ["fabric"])
        let fallbackName = URL(fileURLWithPath: document.file).deletingPathExtension().lastPathComponent
        let name = try root.optional("name")?.string() ?? fallbackName
        let baseDirectory = URL(fileURLWithPath: document.file).deletingLastPathComponent().path
        let cluster = try parseCluster(try root.required("cluster"), catalogue: catalogue)
        let topology = try parseFabric(try root.required("cluster"), groups: cluster)
        let (workloads, serving) = try parseWorkloads(
            try root.required("workloads"), baseDirectory: baseDirectory, catalogue: catalogue,
            defaultGPU: cluster.first?.node.gpu)
        return Scenario(
            name: name,
            description: try root.optional("description")?.string() ?? "",
            path: document.file,
            contentHash: document.contentHash,
            run: try root.optional("run").map { node throws(ScenarioError) in try RunSettings(node) } ?? RunSettings(),
            cluster: cluster,
            workloads: workloads,
            scheduler: try root.optional("scheduler").map { node throws(ScenarioError) in try SchedulerSettings(node) }
                ?? SchedulerSettings(),
            serving: serving,
            training: try parseTrainingWorkloads(try root.required("workloads"), cluster: cluster, hasFabric: topology != nil),
            failures: try root.optional("failures").map { node throws(ScenarioError) in try FailureSettings(node) },
            power: try root.optional("power").map { node throws(ScenarioError) in try PowerSettings(node) },
            topology: topology)
    }
}

extension RunSettings {
    init(_ node: ConfigNode) throws(ScenarioError) {
        let map = try node.mapping()
        try map.checkKeys(allowed: ["seed", "horizon", "output"])
        if let seed = map.optional("seed") {
            let value = try seed.int()
            guard value >= 0 else { throw seed.error("expected a seed ≥ 0, found \(value)") }
            self.seed = UInt64(value)
        }
        if let horizon = map.optional("horizon") {
            let value = try horizon.duration()
            guard value > .zero else { throw horizon.error("expected a horizon > 0, like 30d") }
            self.horizon = value
        }
        output = try map.optional("output")?.string()
    }
}

extension SchedulerSettings {
    init(_ node: ConfigNode) throws(ScenarioError) {
        let map = try node.mapping()
        try map.checkKeys(allowed: ["policy", "placement"])
        if let policy = map.optional("policy") {
            self.policy = try Self.name(policy, among: SchedulerCatalogue.policies.map(\.name), what: "scheduling policy")
        }
        if let placement = map.optional("placement") {
            self.placement = try Self.name(placement, among: SchedulerCatalogue.placements.map(\.name), what: "placement policy")
        }
    }

    private static func name(_ node: ConfigNode, among names: [String], what: String) throws(ScenarioError) -> String {
        let value = try node.string()
        guard names.contains(value) else {
            throw node.error(
                "unknown \(what) '\(value)' (available: \(names.joined(separator: ", ")))",
                suggestion: Suggestion.closest(to: value, among: names))
        }
        return value
    }
}
