import OrreryFabric
import OrreryKernel
import OrreryScheduling
import OrreryServing
import OrreryStorage

/// A scenario turned into a ready-to-run simulation: the kernel plus its models.
///
/// Observers (the results store, a progress bar) subscribe to ``simulation``'s bus
/// before ``Simulation/run(until:monitorInterval:monitor:)`` is called.
public struct PreparedRun {
    public let simulation: Simulation
    public let jobs: RigidJobsModel
    public let horizon: SimTime
    /// The serving deployments, one per `kind: serving` workload, in file order.
    public let serving: [(name: String, model: ServingModel)]
    /// Whether the scenario has `kind: jobs` workloads (their metrics are reported only then).
    public let hasJobs: Bool
    /// The cluster's network from `cluster.fabric`, for models that move bytes; nil without one.
    public let topology: Topology?
    /// The training jobs, one per `kind: training` workload, in file order.
    public var training: [PreparedTraining] = []
    /// The scenario's `failures` and `power` sections, for ``resilienceMetrics()``.
    public var failures: FailureSettings? = nil
    public var power: PowerSettings? = nil
    /// The scenario's storage (`cluster.storage`), where training checkpoints go.
    public var storage: StorageSystem = .llama3Tectonic

    /// Summary metrics at the point the run reached: the jobs model's, then each serving
    /// workload's. With one serving workload its metrics are `serving.*`; with several,
    /// each is renamed `serving.<workload name>.*` so the names stay unambiguous.
    public func metrics() -> [Metric] {
        var metrics = hasJobs ? jobs.metrics(end: simulation.now) : []
        for (name, model) in serving {
            let own = model.metrics(end: simulation.now)
            guard serving.count > 1 else {
                metrics += own
                continue
            }
            metrics += own.map { metric in
                var renamed = metric
                renamed.name = Self.qualify(metric.name, workload: name)
                return renamed
            }
        }
        metrics += training.flatMap { $0.metrics(qualified: training.count > 1) }
        return metrics
    }

    /// `serving.ttft.p50` → `serving.<workload>.ttft.p50`.
    static func qualify(_ name: String, workload: String) -> String {
        let prefix = "serving."
        guard name.hasPrefix(prefix) else { return "\(prefix)\(workload).\(name)" }
        return prefix + workload + "." + name.dropFirst(prefix.count)
    }
}

extension Scenario {
    /// The effective seed: the command line's if given, else the scenario's.
    public func prepare(seed: UInt64? = nil, runIndex: UInt64 = 0) -> PreparedRun {
        let simulation = Simulation(seed: seed ?? run.seed, runIndex: runIndex)
        var specs: [JobSpec] = []
        for workload in workloads { specs += workload.jobs(random: simulation.random) }
        let setup = SchedulerCatalogue.PlacementSetup(
            nodesPerLeaf: scheduler.nodesPerLeaf, jobs: specs, seed: Self.placementSeed(simulation.random),
            gpuSpeeds: schedulerGPUSpeeds)
        let placement = SchedulerCatalogue.placement(named: scheduler.placement, setup: setup) ?? ConsolidatingPlacement()
        let runTimeModel: any RunTimeModel = switch scheduler.runTime {
            case .trace: TraceRunTime()
            case .placement(let perExtraNode, let perExtraLeaf):
                PlacementSlowdownRunTime(perExtraNode: perExtraNode, perExtraLeaf: perExtraLeaf, nodesPerLeaf: scheduler.nodesPerLeaf ?? 32)
            case .training: trainingRunTime ?? TraceRunTime()
            case .gpuSpeed(let reference, _): GPUSpeedRunTime(speeds: schedulerGPUSpeeds, reference: reference)
            case .gavel: GavelThroughputRunTime()
        }
        let stages = SchedulerCatalogue.Stages(
            placement: placement, preemption: scheduler.preemption, runTime: runTimeModel, roundLength: scheduler.roundLength,
            scaling: AmdahlScaling(serialFraction: scheduler.serialFraction))
        let policy = SchedulerCatalogue.policy(named: scheduler.policy, stages: stages) ?? FIFOScheduler(placement: placement)
        // Serving replicas hold their GPUs for the whole run; jobs get the rest.
        let sites = servingTakesClusterGPUs ? try? servingSites() : nil
        var clusterState = ClusterState(nodes: schedulerNodes)
        if let sites { clusterState.allocate(Placement(shares: sites.flatMap(\.reserved))) }
        let jobs = RigidJobsModel(
            simulation: simulation, cluster: clusterState, jobs: specs, policy: policy, quotas: scheduler.quotas)
        jobs.runTimeModel = runTimeModel
        if scheduler.warmUp > .zero || scheduler.coolDown > .zero {
            jobs.measurementWindow = (scheduler.warmUp, scheduler.coolDown)
        }
        var models: [(name: String, model: ServingModel)] = []
        var networks = ServingNetworks(simulation: simulation, fabric: topology)
        for (index, workload) in serving.enumerated() {
            let requests: [ServingRequest] = switch workload.requests {
                case .trace(let requests): requests
                case .synthetic(let trace, let count): trace.generate(count: count, random: simulation.random)
            }
            do {
                var configuration = workload.configuration
                var network: ServingNetwork?
                let site = sites?[index]
                if let site {
                    configuration.replica.gpusPerNode = site.node.gpusPerNode
                    if configuration.disaggregation != nil || configuration.autoscaler != nil {
                        network = try networks.network(
                            for: site, nicBytesPerSecond: configuration.disaggregation?.linkBandwidthBytesPerSecond)
                    }
                }
                let model = try ServingModel(
                    simulation: simulation, configuration: configuration, requests: requests, network: network,
                    placement: site?.placement)
                models.append((workload.name, model))
            } catch {
                // Loading validated the configuration, and the trace readers and the
                // generator only produce requests with arrival ≥ 0 and lengths ≥ 1.
                preconditionFailure("serving workload '\(workload.name)' passed validation but cannot be built: \(error)")
            }
        }
        return PreparedRun(
            simulation: simulation, jobs: jobs, horizon: run.horizon ?? .max, serving: models,
            hasJobs: !workloads.isEmpty, topology: topology,
            training: PreparedTraining.start(training, on: simulation, topology: topology),
            failures: failures, power: power, storage: storage)
    }

    /// A 64-bit seed for placements that draw (`random`), from the named stream
    /// `placement`: two 32-bit draws.
    static func placementSeed(_ random: RandomStreams) -> UInt64 {
        let stream = random.stream("placement")
        return UInt64(stream.uniformInt(below: .max)) << 32 | UInt64(stream.uniformInt(below: .max))
    }
}
