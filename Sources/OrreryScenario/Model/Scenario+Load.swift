import Foundation
import OrreryFabric
import OrreryKernel
import OrreryHardware
import OrreryScheduling
import OrreryStorage

extension Scenario {
    /// Top-level sections. Sections that later models will fill are recognised so that
    /// using them gives an honest "not supported yet" instead of "unknown key".
    static let sections = ["name", "description", "run", "cluster", "workloads", "scheduler", "failures", "power", "sweep"]
    static let plannedSections = ["serving"]

    /// Reads, parses and checks a scenario file.
    ///
    /// Structural problems (syntax, types, unknown keys) stop at the first one in each
    /// top-level section (`run`, `cluster`, `workloads`, `scheduler`, `failures`, `power`);
    /// the sections are read independently, so the user sees the first problem of each at
    /// once (the workloads are read once the cluster is, which they depend on). Semantic
    /// checks (a job larger than the cluster, an unknown GPU type) are collected too.
    public static func load(path: String, catalogue: HardwareCatalogue = .builtIn) throws(ScenarioErrors) -> Scenario {
        let document: ConfigDocument
        do { document = try ConfigDocument.load(path: path) } catch { throw ScenarioErrors([error]) }
        return try parse(document, catalogue: catalogue)
    }

    /// Parses an already-loaded document (tests use this with in-memory text).
    public static func parse(_ document: ConfigDocument, catalogue: HardwareCatalogue = .builtIn) throws(ScenarioErrors) -> Scenario {
        let scenario = try build(document, catalogue: catalogue)
        try scenario.validate()
        return scenario
    }

    private static func build(_ document: ConfigDocument, catalogue: HardwareCatalogue) throws(ScenarioErrors) -> Scenario {
        let root: ConfigMapping
        do { root = try checkedRoot(document) } catch { throw ScenarioErrors([error]) }
        let baseDirectory = URL(fileURLWithPath: document.file).deletingLastPathComponent().path
        // In the document's usual order, so the problems come out in it.
        var problems = ScenarioErrors()
        let run = problems.collect { () throws(ScenarioError) in
            try root.optional("run").map { node throws(ScenarioError) in try RunSettings(node) } ?? RunSettings()
        }
        let clusterSection = problems.collect { () throws(ScenarioError) in
            let clusterNode = try root.required("cluster")
            let cluster = try parseCluster(clusterNode, catalogue: catalogue)
            let listedNodes = try parseNodeList(clusterNode, baseDirectory: baseDirectory)
            return (cluster: cluster, listedNodes: listedNodes, topology: try parseFabric(clusterNode, groups: cluster),
                    storage: try parseStorage(clusterNode))
        }
        let parsedWorkloads = clusterSection.flatMap { section in
            problems.collect { () throws(ScenarioError) in
                let clusterGPUs = (SchedulerNode.expanding(section.cluster) + section.listedNodes).reduce(0) { $0 + $1.gpus }
                return try parseWorkloads(
                    try root.required("workloads"), baseDirectory: baseDirectory, clusterGPUs: clusterGPUs, catalogue: catalogue,
                    defaultGPU: section.cluster.first?.node.gpu)
            }
        }
        let scheduler = problems.collect { () throws(ScenarioError) in
            try root.optional("scheduler").map { node throws(ScenarioError) in try SchedulerSettings(node) } ?? SchedulerSettings()
        }
        let failures = problems.collect { () throws(ScenarioError) in
            try root.optional("failures").map { node throws(ScenarioError) in try FailureSettings(node) }
        }
        let power = problems.collect { () throws(ScenarioError) in
            try root.optional("power").map { node throws(ScenarioError) in try PowerSettings(node) }
        }
        try problems.throwIfAny()
        guard let clusterSection, let run, let scheduler, let failures, let power, let parsedWorkloads else {
            preconditionFailure("a section left unread without a problem")
        }
        do {
            return try assemble(
                document, root: root, clusterSection: clusterSection, run: run, scheduler: scheduler, failures: failures, power: power,
                workloads: parsedWorkloads)
        } catch {
            throw ScenarioErrors([error])
        }
    }

    /// The document's root mapping, once the checks that concern the whole file pass.
    private static func checkedRoot(_ document: ConfigDocument) throws(ScenarioError) -> ConfigMapping {
        let root = try document.root.mapping()
        if let fabric = root.optional("fabric") {
            throw fabric.error("the fabric is described under 'cluster.fabric' (see docs/scenario-format.md)")
        }
        if let sweep = root.optional("sweep") {
            // A sweep describes several runs; ScenarioSweep removes the section before parsing each.
            throw sweep.error("this scenario sweeps over several variants: run it with 'orrery sweep', check it with 'orrery validate'")
        }
        for key in root.keys where plannedSections.contains(key) {
            let node = try root.required(key)
            throw node.error("the '\(key)' section is not supported by this version of Orrery yet; remove it to run the rest")
        }
        try root.checkKeys(allowed: sections + plannedSections + ["fabric"])
        return root
    }

    /// The scenario from its sections, read without a problem, and the checks that span
    /// sections (stopping at the first problem).
    private static func assemble(
        _ document: ConfigDocument, root: ConfigMapping,
        clusterSection section: (cluster: [NodeGroup], listedNodes: [SchedulerNode], topology: Topology?, storage: StorageSystem),
        run: RunSettings, scheduler: SchedulerSettings, failures: FailureSettings?, power: PowerSettings?,
        workloads parsedWorkloads: ([JobsWorkload], [ServingWorkload])
    ) throws(ScenarioError) -> Scenario {
        let fallbackName = URL(fileURLWithPath: document.file).deletingPathExtension().lastPathComponent
        let name = try root.optional("name")?.string() ?? fallbackName
        let cluster = section.cluster
        var (workloads, serving) = parsedWorkloads
        if let window = try root.optional("scheduler")?.mapping().optional("metrics-window") {
            try checkMetricsWindow(scheduler, workloads: workloads, at: window)
        }
        var trainingRunTime: TrainingRunTime?
        if case .training(let settings) = scheduler.runTime, let node = try root.optional("scheduler")?.mapping().optional("run-time") {
            trainingRunTime = try applyTrainingRunTime(settings, to: &workloads, groups: cluster, at: node)
        } else {
            try rejectSteps(in: workloads)
        }
        var scenario = Scenario(
            name: name,
            description: try root.optional("description")?.string() ?? "",
            path: document.file,
            contentHash: document.contentHash,
            run: run,
            cluster: cluster,
            workloads: workloads,
            scheduler: scheduler,
            serving: serving,
            training: try parseTrainingWorkloads(try root.required("workloads"), cluster: cluster, hasFabric: section.topology != nil),
            failures: failures,
            power: power,
            topology: section.topology)
        scenario.useStorage(section.storage)
        scenario.listedNodes = section.listedNodes
        scenario.trainingRunTime = trainingRunTime
        if let node = try root.optional("scheduler")?.mapping().optional("run-time") {
            if case .gpuSpeed(let reference, _) = scheduler.runTime { try scenario.checkGPUSpeeds(reference: reference, at: node) }
            if case .gavel = scheduler.runTime { try scenario.checkGavelTypes(at: node) }
        }
        try scenario.checkResilienceSections(root)
        return scenario
    }
}

extension Scenario {
    /// A metrics window that leaves none of the listed jobs inside it would run the
    /// scenario without any per-job metric (`jobs.measured` 0). Jobs generated per run
    /// (`synthetic`) are not known here, and are not checked.
    private static func checkMetricsWindow(
        _ scheduler: SchedulerSettings, workloads: [JobsWorkload], at node: ConfigNode
    ) throws(ScenarioError) {
        guard !workloads.contains(where: { $0.synthetic != nil }) else { return }
        let submits = workloads.flatMap { $0.jobs.map(\.submit) }
        guard let first = submits.min(), let last = submits.max() else { return }
        let measures = submits.contains {
            RigidJobsModel.isMeasured(submittedAt: $0, first: first, last: last, warmUp: scheduler.warmUp, coolDown: scheduler.coolDown)
        }
        guard !measures else { return }
        throw node.error(
            "warm-up \(scheduler.warmUp) and cool-down \(scheduler.coolDown) leave no job to measure: the jobs are submitted from \(first) to \(last)")
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
        try map.checkKeys(
            allowed: [
                "policy", "placement", "preemption", "quotas", "nodes-per-leaf", "metrics-window", "run-time", "round-length",
                "serial-fraction",
            ])
        if let round = map.optional("round-length") {
            let length = try round.duration()
            guard length >= .seconds(1) else { throw round.error("expected a round length of at least 1 s, like 6m") }
            roundLength = length
        }
        if let fraction = map.optional("serial-fraction") {
            let value = try fraction.double()
            guard (0...1).contains(value) else { throw fraction.error("expected a serial fraction from 0 to 1, like 0.05") }
            serialFraction = value
        }
        if let runTime = map.optional("run-time") { self.runTime = try Scenario.parseRunTime(runTime) }
        if let window = map.optional("metrics-window") {
            let times = try window.mapping()
            try times.checkKeys(allowed: ["warm-up", "cool-down"])
            for (key, path) in [("warm-up", \SchedulerSettings.warmUp), ("cool-down", \.coolDown)] {
                guard let node = times.optional(key) else { continue }
                let value = try node.duration()
                guard value >= .zero else { throw node.error("expected a duration ≥ 0, like 1d") }
                self[keyPath: path] = value
            }
        }
        nodesPerLeaf = try map.optional("nodes-per-leaf")?.int(in: 1...1_000_000)
        if let policy = map.optional("policy") {
            self.policy = try Self.name(policy, among: SchedulerCatalogue.policies.map(\.name), what: "scheduling policy")
        }
        if let placement = map.optional("placement") {
            self.placement = try Self.name(placement, among: SchedulerCatalogue.placements.map(\.name), what: "placement policy")
        }
        if let preemption = map.optional("preemption") {
            self.preemption = try Self.preemption(preemption)
            // A round-based policy migrates jobs every round: a restart as long as the
            // round would stop them from ever progressing.
            if self.policy.hasPrefix("gavel-"), self.preemption.restartCost >= roundLength {
                let node = (try? preemption.mapping())?.optional("restart-cost") ?? preemption
                throw node.error("expected a restart cost shorter than the round (round-length \(roundLength)) for \(self.policy)")
            }
        }
        if let quotas = map.optional("quotas") {
            // The top level is an account without limits of its own: the cluster.
            let top = try Self.account("", quotas)
            guard top.limit == QuotaLimit() else { throw quotas.error("limit accounts, not the cluster: put 'gpus'/'jobs' under an account or 'each'") }
            self.quotas = QuotaTree(roots: top.children, each: top.each)
        }
    }

    /// One account: `{gpus: 64, jobs: 10, each: {gpus: 8}, <child>: {...}}`; every key
    /// other than `gpus`, `jobs` and `each` names a child account.
    private static func account(_ name: String, _ node: ConfigNode) throws(ScenarioError) -> QuotaTree.Account {
        let map = try node.mapping()
        var account = QuotaTree.Account(name: name, limit: try limit(map))
        for (key, value) in map.pairs where !["gpus", "jobs"].contains(key) {
            if key == "each" {
                let each = try value.mapping()
                try each.checkKeys(allowed: ["gpus", "jobs"])
                account.each = try limit(each)
            } else {
                account.children.append(try Self.account(key, value))
            }
        }
        return account
    }

    private static func limit(_ map: ConfigMapping) throws(ScenarioError) -> QuotaLimit {
        QuotaLimit(
            gpus: try map.optional("gpus")?.int(in: 0...Scenario.maxGPUsPerJob),
            jobs: try map.optional("jobs")?.int(in: 0...Int(Int32.max)))
    }

    /// `preemption: {victims: newest, minimum-runtime: 10m, restart-cost: 30s}`.
    private static func preemption(_ node: ConfigNode) throws(ScenarioError) -> PreemptionSettings {
        let map = try node.mapping()
        try map.checkKeys(allowed: ["victims", "minimum-runtime", "restart-cost"])
        var settings = PreemptionSettings()
        if let victims = map.optional("victims") {
            let orders = VictimOrder.allCases.map(\.rawValue)
            settings.victimOrder = try VictimOrder(rawValue: name(victims, among: orders, what: "victim order"))!
        }
        for (key, path) in [("minimum-runtime", \PreemptionSettings.minimumRuntime), ("restart-cost", \.restartCost)] {
            guard let value = map.optional(key) else { continue }
            let time = try value.duration()
            guard time >= .zero else { throw value.error("expected a duration ≥ 0, like 10m") }
            settings[keyPath: path] = time
        }
        return settings
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
