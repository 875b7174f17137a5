import OrreryKernel
import OrreryHardware
import OrreryFabric
import OrreryScheduling
import OrreryStorage

/// A validated what-if: the cluster, its workloads, the policies and the run settings.
///
/// Built by ``Scenario/load(path:catalogue:)`` from one YAML file; every value carries
/// enough provenance (``JobOrigin``) for later checks to point back at the file.
public struct Scenario: Sendable {
    public var name: String
    public var description: String
    /// The file it was read from, as given.
    public var path: String
    /// SHA-256 of the file's bytes, recorded with every result.
    public var contentHash: String
    public var run: RunSettings
    public var cluster: [NodeGroup]
    /// Nodes read from `cluster.node-list` (a trace's node list), after the catalogue
    /// groups; empty without one.
    public var listedNodes: [SchedulerNode] = []
    /// The `kind: jobs` workloads (may be empty when the scenario only serves).
    public var workloads: [JobsWorkload]
    public var scheduler: SchedulerSettings
    /// The `kind: serving` workloads, in file order.
    public var serving: [ServingWorkload] = []
    /// The `kind: training` workloads, in file order.
    public var training: [TrainingWorkload] = []
    /// The `failures` section (docs/resilience.md); nil when absent.
    public var failures: FailureSettings? = nil
    /// The `power` section (docs/resilience.md); nil when absent.
    public var power: PowerSettings? = nil
    /// The network built from `cluster.fabric`; nil when the scenario has none.
    public var topology: Topology? = nil
    /// The storage system from `cluster.storage` (``StorageSystem/llama3Tectonic`` where
    /// the scenario says nothing): checkpoints, training data and serving weights use it.
    public var storage: StorageSystem = .llama3Tectonic
    /// Whether serving replicas occupy the cluster's GPUs (``servingSites()``). `serve
    /// plan` turns this off: it asks how many GPUs the traffic needs, not whether the
    /// cluster has them, and runs each replica on GPUs of its own.
    public var servingTakesClusterGPUs = true
    /// Step times priced for `scheduler.run-time: training`; nil otherwise.
    public var trainingRunTime: TrainingRunTime? = nil
}

extension Scenario {
    /// Every node the scheduler places jobs on: the catalogue groups' nodes, then the
    /// listed ones.
    public var schedulerNodes: [SchedulerNode] { SchedulerNode.expanding(cluster) + listedNodes }
}

/// The `run` section.
public struct RunSettings: Sendable, Equatable {
    public var seed: UInt64 = 42
    /// The last simulated instant; nil runs until all work is done.
    public var horizon: SimTime?
    /// Where results go; nil means `Results/<name>-seed<seed>.sqlite`.
    public var output: String?
}

/// The `scheduler` section: policy and placement, by registered name.
public struct SchedulerSettings: Sendable, Equatable {
    public var policy = "fifo"
    public var placement = "consolidate"
    /// `preemption: {victims, minimum-runtime, restart-cost}`; read by preemptive policies.
    public var preemption = PreemptionSettings()
    /// `quotas: {account: {gpus, jobs, each, <child>: {...}}}`: the validate stage.
    public var quotas: QuotaTree?
    /// `nodes-per-leaf`: the leaf-switch grouping for `placement: topology`.
    public var nodesPerLeaf: Int?
    /// `metrics-window: {warm-up, cool-down}`: per-job metrics cover only jobs submitted
    /// inside it (``RigidJobsModel/measurementWindow``).
    public var warmUp: SimTime = .zero
    public var coolDown: SimTime = .zero
    /// `run-time`: how long a started job runs (trace, placement, training).
    public var runTime: RunTimeSettings = .trace
    /// `round-length`: the round of round-based policies (`gavel-max-min`), default 6 min.
    public var roundLength: SimTime = HeterogeneityAwareRoundScheduler.defaultRoundLength
    /// `serial-fraction`: Amdahl's serial fraction of elastic jobs' speed curve (0…1),
    /// read by resizing policies (`elastic`); default ``AmdahlScaling/defaultSerialFraction``.
    public var serialFraction = AmdahlScaling.defaultSerialFraction
}

/// A `kind: jobs` workload: rigid jobs given inline or read from a CSV trace.
public struct JobsWorkload: Sendable {
    public var name: String
    public var jobs: [JobSpec]
    /// Where each job was defined, parallel to `jobs`, for validation messages.
    public var origins: [JobOrigin]
    /// `synthetic: {...}`: jobs generated when the run is prepared (from its seed)
    /// instead of `jobs`.
    public var synthetic: SyntheticJobs? = nil
    /// Import warnings (rows skipped with `skip-bad-rows`), for the CLI to print.
    public var warnings: [String] = []

    /// The jobs to run: the listed ones, or the generated ones drawn from `random`.
    public func jobs(random: RandomStreams) -> [JobSpec] {
        synthetic.map { $0.generate(workload: name, random: random) } ?? jobs
    }
}

/// Where a job came from: a YAML key path or a trace file line.
public struct JobOrigin: Sendable, Equatable {
    public var file: String
    public var location: SourceLocation?
    public var keyPath: String

    func error(_ message: String) -> ScenarioError {
        ScenarioError(file: file, location: location, keyPath: keyPath, message: message)
    }
}
