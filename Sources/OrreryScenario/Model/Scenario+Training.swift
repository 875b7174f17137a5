import Foundation
import OrreryFabric
import OrreryHardware
import OrreryKernel
import OrreryScheduling
import OrreryResilience
import OrreryTraining

/// A `kind: training` workload: one LLM training job on the scenario's cluster.
public struct TrainingWorkload: Sendable {
    public var name: String
    public var strategyName: String
    /// The checked, expanded step (validated and memory-checked at load time).
    public var plan: StepPlan
    /// Steps to run: the token budget's, or `steps` if given.
    public var steps: Int
    /// Tokens to train on, for time-to-train; nil when only `steps` is given.
    public var tokenBudget: Double?
    public var pricePerGPUHour: Double?
    /// How the job checkpoints; used when the scenario has `failures` or `power`.
    public var checkpoint: CheckpointPolicy
    /// Training-data reads per node from the parallel file system, bytes/s
    /// (`data-loading`); checkpoints contend with them. 0 by default.
    public var dataLoadingBytesPerSecondPerNode: Double = 0
    public var origin: JobOrigin
}

extension Scenario {
    static let trainingKeys = [
        "kind", "name", "model", "strategy", "parallelism", "sequence", "global-batch", "microbatch", "schedule",
        "chunks", "recompute", "zero", "sequence-parallel", "flash-attention", "tp-overlap", "overlap-grad-reduce",
        "overlap-param-gather", "data-loading",
        "tokens", "steps", "price-per-gpu-hour", "checkpoint",
    ]
    static let inlineModelKeys = [
        "name", "layers", "hidden", "heads", "kv-heads", "ffn", "ffn-type", "vocabulary", "sequence", "experts", "top-k",
    ]
    /// Largest step count simulated (fast-forward makes long runs cheap, but a typo should not hang).
    static let maxTrainingSteps = 100_000_000

    /// The topology a training job's collectives run on when the scenario names none:
    /// the DGX SuperPOD preset matching the node type (rail-optimised fat tree, 1:1),
    /// sized to the cluster's nodes; other node types get the same wiring in scalable
    /// units of 32 nodes. The one place to swap in `cluster.fabric` once scenarios carry it.
    public static func defaultTrainingTopology(node: NodeSpec, nodes: Int) throws(TopologyError) -> Topology {
        if let preset = TopologyPreset.allCases.first(where: { $0.nodeName == node.name }) {
            return try preset.topology(nodes: nodes, node: node)
        }
        return try Topology(nodes: nodes, node: node, scaleOut: .railOptimisedFatTree(nodesPerScalableUnit: 32))
    }

    static func parseTraining(
        _ item: ConfigNode, map: ConfigMapping, name: String, cluster: [NodeGroup], firstRank: Int
    ) throws(ScenarioError) -> TrainingWorkload {
        try map.checkKeys(allowed: trainingKeys)
        guard let group = cluster.first else { throw item.error("training workload '\(name)' needs a cluster") }
        if cluster.count > 1 {
            throw item.error("training workload '\(name)': the cluster must have one node type (found \(cluster.count) groups)")
        }
        let model = try parseTrainingModel(try map.required("model"))
        let strategyNode = map.optional("strategy")
        let strategyName = try strategyNode?.string() ?? "megatron"
        let strategy: any TrainingStrategy
        do { strategy = try StrategyCatalogue.builtIn.strategy(named: strategyName) } catch {
            throw (strategyNode ?? item).error(
                error.description, suggestion: Suggestion.closest(to: strategyName, among: StrategyCatalogue.builtIn.names))
        }
        let parallelismNode = try map.required("parallelism")
        let parallel = try parallelismNode.mapping()
        try parallel.checkKeys(allowed: ["tp", "pp", "dp", "cp", "ep"])
        func degree(_ key: String) throws(ScenarioError) -> Int { try parallel.optional(key)?.int(in: 1...1_000_000) ?? 1 }
        var layout = ParallelLayout(
            tensor: try degree("tp"), pipeline: try degree("pp"), data: try degree("dp"), context: try degree("cp"),
            expert: try degree("ep"))
        layout.firstRank = firstRank
        let scheduleNode = map.optional("schedule")
        let scheduleName = try scheduleNode?.string() ?? (layout.pipeline > 1 ? "interleaved" : "1f1b")
        let chunks = try map.optional("chunks")?.int(in: 1...1024) ?? 2
        let schedule: PipelineSchedule
        switch scheduleName {
        case "1f1b": schedule = .oneForwardOneBackward
        case "interleaved": schedule = layout.pipeline > 1 ? .interleaved(chunks: chunks) : .oneForwardOneBackward
        default:
            throw (scheduleNode ?? item).error(
                "unknown pipeline schedule '\(scheduleName)' (available: 1f1b, interleaved)",
                suggestion: Suggestion.closest(to: scheduleName, among: ["1f1b", "interleaved"]))
        }
        var job = TrainingJob(
            model: model, sequence: try map.optional("sequence")?.int(in: 1...100_000_000),
            globalBatch: try map.required("global-batch").int(in: 1...1_000_000_000),
            microbatch: try map.optional("microbatch")?.int(in: 1...1_000_000) ?? 1, layout: layout, schedule: schedule,
            recomputation: try map.optional("recompute")?.enumValue(Recomputation.self) ?? .selective)
        if let zero = map.optional("zero") {
            guard let stage = ZeROStage(rawValue: try zero.int(in: 0...3)) else { throw zero.error("expected 0, 1, 2 or 3") }
            job.zero = stage
        }
        if let flag = map.optional("sequence-parallel") { job.sequenceParallel = try flag.bool() }
        if let flag = map.optional("flash-attention") { job.flashAttention = try flag.bool() }
        if let flag = map.optional("tp-overlap") { job.tensorCommunicationOverlap = try flag.bool() }
        if let flag = map.optional("overlap-grad-reduce") { job.overlapGradientReduction = try flag.bool() }
        if let flag = map.optional("overlap-param-gather") { job.overlapParameterGather = try flag.bool() }

        let trainingCluster = TrainingCluster(node: group.node, nodes: group.count)
        let plan: StepPlan
        do { plan = try strategy.plan(job, on: trainingCluster) } catch {
            throw item.error("training workload '\(name)': \(error.description)")
        }
        let tokenNode = map.optional("tokens")
        let tokens = try tokenNode?.quantity(.count)
        if let tokens, let tokenNode, !(tokens > 0) { throw tokenNode.error("expected a token budget > 0, like 15.6T") }
        let steps: Int
        if let stepsNode = map.optional("steps") {
            steps = try stepsNode.int(in: 1...maxTrainingSteps)
        } else if let tokens, let tokenNode {
            let needed = (tokens / job.tokensPerStep).rounded(.up)
            guard needed <= Double(maxTrainingSteps) else {
                // Formatted as a Double: the count may be far beyond Int (tokens: 1e308).
                throw tokenNode.error(
                    "\(String(format: "%.4g", needed)) steps is more than the \(maxTrainingSteps) this version simulates")
            }
            steps = Int(needed)
        } else {
            throw item.error("training workload '\(name)' needs 'tokens' (a budget, like 15.6T) or 'steps'")
        }
        let price = try map.optional("price-per-gpu-hour")?.quantity(.money)
        let checkpoint = try map.optional("checkpoint").map { node throws(ScenarioError) in try Self.parseCheckpoint(node) }
            ?? (try! CheckpointPolicy())  // the defaults are valid
        var workload = TrainingWorkload(
            name: name, strategyName: strategy.name, plan: plan, steps: steps, tokenBudget: tokens, pricePerGPUHour: price,
            checkpoint: checkpoint, origin: JobOrigin(file: item.location.file, location: item.location, keyPath: item.keyPath))
        if let loading = map.optional("data-loading") {
            workload.dataLoadingBytesPerSecondPerNode = try loading.quantity(.bandwidth)
        }
        return workload
    }

    /// A catalogue name, or an inline shape under the keys of ``inlineModelKeys``.
    static func parseTrainingModel(_ node: ConfigNode) throws(ScenarioError) -> TransformerSpec {
        if let name = try? node.string() {
            guard let model = TransformerCatalogue.model(named: name) else {
                throw node.error(
                    "unknown model '\(name)' (catalogue: \(TransformerCatalogue.names.joined(separator: ", ")))",
                    suggestion: Suggestion.closest(to: name, among: TransformerCatalogue.names))
            }
            return model
        }
        let map = try node.mapping()
        try map.checkKeys(allowed: inlineModelKeys)
        func count(_ key: String) throws(ScenarioError) -> Int? { try map.optional(key)?.int(in: 1...1_000_000_000) }
        let kind = try map.optional("ffn-type")?.enumValue(FeedForwardKind.self) ?? .gelu
        do {
            return try TransformerSpec(
                name: try map.optional("name")?.string() ?? "custom", layers: try map.required("layers").int(in: 1...100_000),
                hidden: try map.required("hidden").int(in: 1...10_000_000), heads: try map.required("heads").int(in: 1...100_000),
                kvHeads: try count("kv-heads"), ffn: try count("ffn"), ffnKind: kind,
                vocabulary: try map.required("vocabulary").int(in: 1...100_000_000),
                sequence: try count("sequence") ?? 2048, experts: try count("experts") ?? 1, topK: try count("top-k") ?? 1)
        } catch let error as TrainingError {
            throw node.error(error.description)
        } catch let error as ScenarioError {
            throw error
        } catch {
            throw node.error("\(error)")
        }
    }
}

extension Scenario {
    /// The `kind: training` items of `workloads`, in file order (names unique).
    static func parseTrainingWorkloads(
        _ node: ConfigNode, cluster: [NodeGroup], hasFabric: Bool
    ) throws(ScenarioError) -> [TrainingWorkload] {
        var result: [TrainingWorkload] = []
        for (index, item) in try node.sequence().enumerated() {
            let map = try item.mapping()
            guard try map.required("kind").string() == "training" else { continue }
            let name = try map.optional("name")?.string() ?? "training-\(index)"
            if result.contains(where: { $0.name == name }) {
                throw item.error("duplicate training workload name '\(name)'")
            }
            // Jobs take whole nodes one after another, in file order.
            let gpusPerNode = cluster.first?.node.gpusPerNode ?? 1
            let firstRank = result.reduce(0) { used, job in
                used + (job.plan.job.layout.gpus + gpusPerNode - 1) / gpusPerNode * gpusPerNode
            }
            result.append(try parseTraining(item, map: map, name: name, cluster: cluster, firstRank: firstRank))
        }
        if let workload = result.first, !hasFabric {
            do {
                _ = try defaultTrainingTopology(node: workload.plan.cluster.node, nodes: workload.plan.cluster.nodes)
            } catch {
                throw node.error("cannot build the default fabric for the training workloads: \(error.description)")
            }
        }
        return result
    }
}

/// A training workload attached to a prepared run.
public struct PreparedTraining {
    public let workload: TrainingWorkload
    public let run: OrreryTraining.TrainingRun

    /// `training.*` metrics (`training.<name>.*` when `qualified`): the step and its
    /// breakdown, throughput, MFU/HFU, and time-to-train, GPU-hours and cost for the budget.
    public func metrics(qualified: Bool) -> [Metric] {
        guard let step = run.lastStep else { return [] }
        let prefix = qualified ? "training.\(workload.name)" : "training"
        let report = TrainingReport(plan: workload.plan, step: step)
        return report.metrics(prefix: prefix, tokenBudget: workload.tokenBudget, pricePerGPUHour: workload.pricePerGPUHour)
            + [
                Metric("\(prefix).steps-completed", Double(run.stepsCompletedNow), unit: "steps"),
                Metric("\(prefix).detailed-steps", Double(run.detailedSteps), unit: "steps"),
            ]
    }

    /// Attaches every training workload to `simulation` and starts their first steps at
    /// time zero. Their collectives run as flows on one shared fabric (so jobs slow each
    /// other down): the scenario's `cluster.fabric`, or
    /// ``Scenario/defaultTrainingTopology(node:nodes:)`` when it has none.
    static func start(
        _ workloads: [TrainingWorkload], on simulation: Simulation, topology: Topology?
    ) -> [PreparedTraining] {
        guard let first = workloads.first else { return [] }
        let executor = fabricExecutor(simulation: simulation, topology: topology, cluster: first.plan.cluster)
        return workloads.map { workload in
            let run = OrreryTraining.TrainingRun(simulation: simulation, executor: executor, plan: workload.plan, steps: workload.steps)
            run.start()
            return PreparedTraining(workload: workload, run: run)
        }
    }

    static func fabricExecutor(simulation: Simulation, topology: Topology?, cluster: TrainingCluster) -> any CollectiveExecutor {
        do {
            let fabric = try topology ?? Scenario.defaultTrainingTopology(node: cluster.node, nodes: cluster.nodes)
            let network = NetworkSimulator(simulation: simulation)
            try fabric.install(into: network)
            return FabricCollectives(simulation: simulation, network: network, topology: fabric)
        } catch {
            // Loading built the same topology (parseTrainingWorkloads), so this cannot fail.
            preconditionFailure("the training fabric passed validation but cannot be built: \(error)")
        }
    }
}

extension PreparedTraining {
    /// This job's step re-simulated in detail on GPUs clocked at `relativeClock` of
    /// nominal (a power cap), alone on a fresh copy of the training fabric: the same
    /// strategy re-plans the job on ``OrreryTraining/TrainingCluster/atRelativeClock(_:)``.
    public func resimulatedStep(atRelativeClock relativeClock: Double, topology: Topology?) throws -> StepResult {
        let strategy = try StrategyCatalogue.builtIn.strategy(named: workload.strategyName)
        let original = workload.plan
        let plan = try strategy.plan(
            original.job, on: original.cluster.atRelativeClock(relativeClock), calibration: original.costs.calibration)
        let simulation = Simulation(seed: 0)
        let executor = Self.fabricExecutor(simulation: simulation, topology: topology, cluster: plan.cluster)
        return try plan.simulateStep(on: simulation, executor: executor)
    }

    /// What the resilience model needs from this job (`docs/resilience.md`): its step
    /// time and breakdown from the last detailed step, size and token budget. Nil before
    /// a step has been simulated or without a token budget.
    public func resilienceProfile() throws(ResilienceError) -> TrainingRunProfile? {
        guard let step = run.lastStep, let budget = workload.tokenBudget else { return nil }
        let job = workload.plan.job
        return try TrainingRunProfile(
            gpuCount: job.layout.gpus, gpusPerNode: workload.plan.cluster.node.gpusPerNode,
            stepSeconds: step.stepTime.seconds, computeSeconds: step.breakdown.computeSeconds,
            communicationSeconds: step.breakdown.exposedCommunicationSeconds, idleSeconds: step.breakdown.bubbleSeconds,
            tokensPerStep: job.tokensPerStep, tokenBudget: budget, parameterCount: job.model.parameters)
    }
}
