import OrreryHardware
import OrreryKernel
import OrreryScheduling
import OrreryTraining

/// `scheduler.run-time`: how long a started job runs (``RunTimeModel``).
public enum RunTimeSettings: Sendable, Equatable {
    /// The trace's duration (the default).
    case trace
    /// ``PlacementSlowdownRunTime`` with these factors.
    case placement(perExtraNode: Double, perExtraLeaf: Double)
    /// Jobs with `steps` run steps × the step time the training engine prices for their
    /// GPU count and GPU type (``TrainingRunTime``).
    case training(TrainingRunTimeSettings)
    /// ``GPUSpeedRunTime``: durations are on `reference`; `speeds` overrides the
    /// catalogue's relative speeds (peak dense BF16 FLOP/s) per GPU type.
    case gpuSpeed(reference: String, speeds: [String: Double])
    /// ``GavelThroughputRunTime``: Gavel's per-job-type V100 and P100 throughputs.
    case gavel
}

/// The LLM every `steps` job trains under `run-time: training`, and how it is laid out on
/// a job's GPUs: tensor parallelism up to `tensorParallel` (the largest divisor of the
/// job's GPUs not above it), no pipeline, data parallelism over the rest; each replica
/// takes `batchPerReplica` sequences per step (microbatch 1).
public struct TrainingRunTimeSettings: Sendable, Equatable {
    public var model: TransformerSpec
    public var sequence: Int?
    public var batchPerReplica: Int
    public var tensorParallel: Int
    public var strategyName: String
}

/// Run times from simulated training steps: a job with `steps` runs steps × the step
/// time of its GPU count on the GPU type it landed on (priced once per size and type when
/// the scenario is loaded, by the OrreryTraining step engine); other jobs run their trace
/// duration. The bridge that keeps OrreryScheduling free of OrreryTraining.
public struct TrainingRunTime: RunTimeModel {
    struct Size: Hashable {
        var gpus: Int
        var gpuType: String
    }

    var stepTimes: [Size: SimTime]

    public func runTime(of job: JobSpec, on placement: Placement, in cluster: ClusterState) -> SimTime {
        guard let steps = job.steps, let first = placement.shares.first,
            let step = stepTimes[Size(gpus: job.gpus, gpuType: cluster.gpuType(of: first.node).lowercased())]
        else { return job.duration }
        return step.times(steps)
    }

    /// Step times for every GPU count in `sizes` on every node type of `groups`.
    static func price(_ settings: TrainingRunTimeSettings, sizes: Set<Int>, groups: [NodeGroup]) throws(TrainingError) -> TrainingRunTime {
        let strategy = try StrategyCatalogue.builtIn.strategy(named: settings.strategyName)
        var times: [Size: SimTime] = [:]
        for group in groups {
            for gpus in sizes.sorted() {
                let key = Size(gpus: gpus, gpuType: group.node.gpu.name.lowercased())
                guard times[key] == nil else { continue }
                let tensor = (1...Swift.min(settings.tensorParallel, gpus)).last { gpus % $0 == 0 } ?? 1
                let data = gpus / tensor
                let job = TrainingJob(
                    model: settings.model, sequence: settings.sequence, globalBatch: settings.batchPerReplica * data, microbatch: 1,
                    layout: ParallelLayout(tensor: tensor, pipeline: 1, data: data), schedule: .oneForwardOneBackward,
                    recomputation: .selective)
                let nodes = (gpus + group.node.gpusPerNode - 1) / group.node.gpusPerNode
                let plan = try strategy.plan(job, on: TrainingCluster(node: group.node, nodes: nodes))
                times[key] = try plan.simulateStepInIsolation().stepTime
            }
        }
        return TrainingRunTime(stepTimes: times)
    }

    /// The step time of `gpus` GPUs on the first node type that has one, for the oracle
    /// duration policies plan with.
    func stepTime(gpus: Int, groups: [NodeGroup]) -> SimTime? {
        groups.lazy.compactMap { self.stepTimes[Size(gpus: gpus, gpuType: $0.node.gpu.name.lowercased())] }.first
    }
}

extension Scenario {
    static let runTimeModels = ["trace", "placement", "training", "gpu-speed", "gavel"]

    /// Under `run-time: gavel` every GPU type must be one of Gavel's measured families.
    func checkGavelTypes(at node: ConfigNode) throws(ScenarioError) {
        let unknown = Set(schedulerNodes.map(\.gpuType)).filter { GavelThroughputs.Family(gpuType: $0) == nil }.sorted()
        guard unknown.isEmpty else {
            throw node.error(
                "'run-time: gavel' has throughputs for V100 and P100 GPUs only; this cluster also has \(unknown.joined(separator: ", "))")
        }
    }

    /// Relative speed of every GPU type in the cluster: the catalogue's peak dense BF16
    /// (else FP16) FLOP/s in TFLOP/s for catalogue nodes, then `explicit` (any unit, only
    /// ratios matter; names case-insensitive). Types without either are missing.
    public func gpuSpeeds(explicit: [String: Double] = [:]) -> [String: Double] {
        var speeds: [String: Double] = [:]
        for group in cluster {
            let gpu = group.node.gpu
            if let peak = gpu.peakFLOPS(.bf16) ?? gpu.peakFLOPS(.fp16) { speeds[gpu.name.lowercased()] = peak / 1e12 }
        }
        for (type, speed) in explicit { speeds[type.lowercased()] = speed }
        return speeds
    }

    /// The speeds `scheduler.run-time: gpu-speed` gives, or the catalogue's.
    var schedulerGPUSpeeds: [String: Double] {
        if case .gpuSpeed(_, let speeds) = scheduler.runTime { return gpuSpeeds(explicit: speeds) }
        return gpuSpeeds()
    }

    /// Every GPU type of the cluster must have a speed, and the reference one too.
    func checkGPUSpeeds(reference: String, at node: ConfigNode) throws(ScenarioError) {
        let speeds = schedulerGPUSpeeds
        let missing = Set(schedulerNodes.map { $0.gpuType.lowercased() }).filter { speeds[$0] == nil }.sorted()
        guard missing.isEmpty else {
            throw node.error("no speed for GPU type\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")): give them under 'speeds' (relative throughput, like {T4: 1, V100M16: 1.9})")
        }
        guard speeds[reference.lowercased()] != nil else {
            throw node.error("no speed for the reference GPU type '\(reference)': add it under 'speeds' or name a type of the cluster")
        }
    }

    /// `run-time: trace | placement | {model: placement, per-extra-node, per-extra-leaf} |
    /// {model: training, llm, sequence, batch-per-replica, tp, strategy}`.
    static func parseRunTime(_ node: ConfigNode) throws(ScenarioError) -> RunTimeSettings {
        let modelNode: ConfigNode
        var map: ConfigMapping?
        if (try? node.string()) != nil {
            modelNode = node
        } else {
            let mapping = try node.mapping()
            modelNode = try mapping.required("model")
            map = mapping
        }
        let name = try modelNode.string()
        switch name {
        case "trace":
            try map?.checkKeys(allowed: ["model"])
            return .trace
        case "placement":
            try map?.checkKeys(allowed: ["model", "per-extra-node", "per-extra-leaf"])
            func factor(_ key: String, _ fallback: Double) throws(ScenarioError) -> Double {
                guard let value = map?.optional(key) else { return fallback }
                let number = try value.double()
                guard number >= 0, number <= 100 else { throw value.error("expected a slowdown fraction from 0 to 100, like 0.1") }
                return number
            }
            return .placement(
                perExtraNode: try factor("per-extra-node", PlacementSlowdownRunTime.defaultPerExtraNode),
                perExtraLeaf: try factor("per-extra-leaf", PlacementSlowdownRunTime.defaultPerExtraLeaf))
        case "training":
            guard let map else { throw node.error("'run-time: training' needs its settings: {model: training, llm: Llama-3-8B, ...}") }
            try map.checkKeys(allowed: ["model", "llm", "sequence", "batch-per-replica", "tp", "strategy"])
            let strategyNode = map.optional("strategy")
            let strategy = try strategyNode?.string() ?? "megatron"
            guard StrategyCatalogue.builtIn.names.contains(strategy) else {
                throw (strategyNode ?? node).error(
                    "unknown training strategy '\(strategy)' (available: \(StrategyCatalogue.builtIn.names.joined(separator: ", ")))",
                    suggestion: Suggestion.closest(to: strategy, among: StrategyCatalogue.builtIn.names))
            }
            return .training(
                TrainingRunTimeSettings(
                    model: try parseTrainingModel(try map.required("llm")),
                    sequence: try map.optional("sequence")?.int(in: 1...100_000_000),
                    batchPerReplica: try map.optional("batch-per-replica")?.int(in: 1...1_000_000) ?? 1,
                    tensorParallel: try map.optional("tp")?.int(in: 1...1024) ?? 8, strategyName: strategy))
        case "gavel":
            try map?.checkKeys(allowed: ["model"])
            return .gavel
        case "gpu-speed":
            guard let map else { throw node.error("'run-time: gpu-speed' needs the reference type: {model: gpu-speed, reference: A100-80GB}") }
            try map.checkKeys(allowed: ["model", "reference", "speeds"])
            var speeds: [String: Double] = [:]
            if let table = map.optional("speeds") {
                for (type, value) in try table.mapping().pairs {
                    let speed = try value.double()
                    guard speed > 0, speed.isFinite else { throw value.error("expected a relative speed > 0, like 1.9") }
                    speeds[type] = speed
                }
            }
            return .gpuSpeed(reference: try map.required("reference").string(), speeds: speeds)
        default:
            throw modelNode.error(
                "unknown run-time model '\(name)' (available: \(runTimeModels.joined(separator: ", ")))",
                suggestion: Suggestion.closest(to: name, among: runTimeModels))
        }
    }

    /// Jobs giving `steps` need `run-time: training` to turn them into time.
    static func rejectSteps(in workloads: [JobsWorkload]) throws(ScenarioError) {
        for workload in workloads {
            for (job, origin) in zip(workload.jobs, workload.origins) where job.steps != nil {
                throw origin.error("job '\(job.id)' gives 'steps', which only 'scheduler.run-time: training' turns into a run time")
            }
        }
    }

    /// Prices the training run times of the scenario's `steps` jobs and sets those jobs'
    /// durations (the oracle policies plan with) to steps × the step time on the first node
    /// type. Errors name `scheduler.run-time`.
    static func applyTrainingRunTime(
        _ settings: TrainingRunTimeSettings, to workloads: inout [JobsWorkload], groups: [NodeGroup], at node: ConfigNode
    ) throws(ScenarioError) -> TrainingRunTime {
        guard !groups.isEmpty else {
            throw node.error("'run-time: training' prices steps on catalogue nodes: give 'cluster.nodes' (node lists carry no GPU figures)")
        }
        let sizes = Set(workloads.flatMap { $0.jobs.filter { $0.steps != nil }.map(\.gpus) })
        let model: TrainingRunTime
        do { model = try TrainingRunTime.price(settings, sizes: sizes, groups: groups) } catch {
            throw node.error("cannot price a training step for the jobs' GPU counts (\(sizes.sorted().map(String.init).joined(separator: ", "))): \(error.description)")
        }
        for w in workloads.indices {
            for j in workloads[w].jobs.indices {
                guard let steps = workloads[w].jobs[j].steps, let step = model.stepTime(gpus: workloads[w].jobs[j].gpus, groups: groups) else { continue }
                workloads[w].jobs[j].duration = step.times(steps)
            }
        }
        return model
    }
}

extension SimTime {
    /// `count` times this duration, saturating at ``SimTime/max`` ("never").
    func times(_ count: Int) -> SimTime {
        let (product, overflow) = nanoseconds.multipliedReportingOverflow(by: Int64(count))
        return overflow ? .max : SimTime(nanoseconds: product)
    }
}
