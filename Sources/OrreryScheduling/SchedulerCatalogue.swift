import OrreryKernel

/// Scheduling and placement policies, registered by name for scenario files.
///
/// A scenario names a policy (`scheduler: { policy: fifo, placement: consolidate }`);
/// unknown names are reported with the list below. Adding a policy means adding an
/// entry here and a type conforming to ``SchedulingPolicy`` or ``PlacementPolicy``.
public enum SchedulerCatalogue {
    public struct Entry<Made>: Sendable {
        public let name: String
        public let summary: String
        public let make: @Sendable () -> Made
    }

    /// What a placement may be built from: the scenario's leaf grouping, the run's jobs
    /// (the target workload of fragmentation-aware placement) and a seed for placements
    /// that draw.
    public struct PlacementSetup: Sendable {
        public var nodesPerLeaf: Int?
        public var jobs: [JobSpec]
        public var seed: UInt64
        /// Relative speed per GPU type, for heterogeneity-aware placement.
        public var gpuSpeeds: [String: Double]

        public init(nodesPerLeaf: Int? = nil, jobs: [JobSpec] = [], seed: UInt64 = 0, gpuSpeeds: [String: Double] = [:]) {
            self.nodesPerLeaf = nodesPerLeaf
            self.jobs = jobs
            self.seed = seed
            self.gpuSpeeds = gpuSpeeds
        }
    }

    public static let placements: [Entry<@Sendable (PlacementSetup) -> any PlacementPolicy>] = [
        Entry(
            name: "consolidate",
            summary: "one node if possible (the fullest that fits), else the fewest nodes; shares on the fullest GPU with room",
            make: { { _ in ConsolidatingPlacement() } }),
        Entry(
            name: "spread",
            summary: "the emptiest node that fits, else the emptiest nodes first (least-allocated)",
            make: { { _ in SpreadPlacement() } }),
        Entry(
            name: "topology",
            summary: "one node, else one leaf (best fit), else the fewest leaves; leaf = nodes-per-leaf consecutive nodes (default 32)",
            make: { { setup in setup.nodesPerLeaf.map { TopologyAwarePlacement(nodesPerLeaf: $0) } ?? TopologyAwarePlacement() } }),
        Entry(
            name: "fgd",
            summary: "fragmentation gradient descent (ATC'23): least growth of the run's workload's expected fragmentation",
            make: { { setup in FragmentationGradientDescentPlacement(workload: TargetWorkload(jobs: setup.jobs)) } }),
        Entry(
            name: "random",
            summary: "a node drawn uniformly among those that fit (seeded); shares on its fullest GPU with room",
            make: { { setup in RandomFitPlacement(seed: setup.seed) } }),
        Entry(
            name: "dot-product",
            summary: "smallest dot product of the node's free (CPU, GPU) and the job's demand, normalised by the node (Tetris)",
            make: { { _ in DotProductPlacement() } }),
        Entry(
            name: "best-fit",
            summary: "the node left with the least free CPU and GPU (equal weights) after the job",
            make: { { _ in BestFitPlacement() } }),
        Entry(
            name: "gpu-packing",
            summary: "shared GPUs first, then free GPUs of used nodes, then idle nodes",
            make: { { _ in GPUPackingPlacement() } }),
        Entry(
            name: "gpu-clustering",
            summary: "nodes holding only jobs of the same GPU demand first, then mixed, idle, others",
            make: { { _ in GPUClusteringPlacement() } }),
        Entry(
            name: "fastest-type",
            summary: "the fastest GPU type with room (catalogue or run-time speeds), consolidated within it (greedy Gavel)",
            make: { { setup in FastestTypePlacement(speeds: setup.gpuSpeeds) } }),
        Entry(
            name: "speedup-aware",
            summary: "jobs gaining most from V100 over P100 (Gavel throughputs, above the median) get V100s first, others P100s",
            make: { { setup in SpeedupAwarePlacement(workload: setup.jobs) } }),
    ]

    /// What a policy is built from: the placement stage, the preempt stage's settings
    /// (read only by preemptive policies), the run's run-time model (read by policies that
    /// weigh jobs' speed per GPU type), the round length of round-based policies and the
    /// scaling curve of elastic jobs (read by resizing policies).
    public struct Stages: Sendable {
        public var placement: any PlacementPolicy
        public var preemption: PreemptionSettings
        public var runTime: any RunTimeModel
        public var roundLength: SimTime
        public var scaling: AmdahlScaling

        public init(
            placement: any PlacementPolicy, preemption: PreemptionSettings = .init(), runTime: any RunTimeModel = TraceRunTime(),
            roundLength: SimTime = HeterogeneityAwareRoundScheduler.defaultRoundLength, scaling: AmdahlScaling = AmdahlScaling()
        ) {
            self.placement = placement
            self.preemption = preemption
            self.runTime = runTime
            self.roundLength = roundLength
            self.scaling = scaling
        }
    }

    public static let policies: [Entry<@Sendable (Stages) -> any SchedulingPolicy>] = [
        Entry(
            name: "fifo",
            summary: "first come, first served; gang start; no job overtakes another",
            make: { { FIFOScheduler(placement: $0.placement) } }),
        Entry(
            name: "sjf",
            summary: "shortest job first by the trace's duration; the shortest waiting job blocks the rest",
            make: { { ShortestJobFirstScheduler(placement: $0.placement) } }),
        Entry(
            name: "sjf-predicted",
            summary: "shortest job first by run times estimated from the user's last two finished jobs",
            make: { { ShortestJobFirstScheduler(placement: $0.placement, predictor: RecentRunTimePredictor()) } }),
        Entry(
            name: "easy-backfill",
            summary: "FIFO whose head gets a reservation; later jobs start now if they do not delay it",
            make: { { EASYBackfillScheduler(placement: $0.placement) } }),
        Entry(
            name: "easy-backfill-predicted",
            summary: "EASY backfill on run times estimated from the user's last two finished jobs",
            make: { { EASYBackfillScheduler(placement: $0.placement, predictor: RecentRunTimePredictor()) } }),
        Entry(
            name: "lifo",
            summary: "last in, first out; gang start; the newest waiting job blocks the rest",
            make: { { LastInFirstOutScheduler(placement: $0.placement) } }),
        Entry(
            name: "fair-share",
            summary: "tenant with the least decayed GPU usage first (half-life 1 h); non-preemptive",
            make: { { FairShareScheduler(placement: $0.placement) } }),
        Entry(
            name: "tenant-las",
            summary: "discretised LAS on tenants' attained GPU-time (queues split at 10 GPU-h); non-preemptive",
            make: { { LeastAttainedServiceScheduler(placement: $0.placement) } }),
        Entry(
            name: "conservative-backfill",
            summary: "every waiting job gets a reservation in arrival order; a job starts now only if it delays none",
            make: { { ConservativeBackfillScheduler(placement: $0.placement) } }),
        Entry(
            name: "drf",
            summary: "dominant resource fairness (GPU share): the tenant holding the fewest GPUs starts its oldest job",
            make: { { DominantResourceFairnessScheduler(placement: $0.placement) } }),
        Entry(
            name: "priority",
            summary: "higher priority class first; preempts jobs of a lower class",
            make: { { RankedPreemptiveScheduler(ranking: PriorityRanking(), placement: $0.placement, preemption: $0.preemption) } }),
        Entry(
            name: "srtf",
            summary: "shortest remaining time first (oracle durations); preempts jobs with more time left",
            make: { { RankedPreemptiveScheduler(ranking: RemainingTimeRanking(), placement: $0.placement, preemption: $0.preemption) } }),
        Entry(
            name: "srtf-predicted",
            summary: "shortest remaining time first with run times estimated from the user's last two finished jobs; preemptive",
            make: { {
                RankedPreemptiveScheduler(
                    ranking: RemainingTimeRanking(), placement: $0.placement, preemption: $0.preemption, predictor: RecentRunTimePredictor())
            } }),
        Entry(
            name: "las",
            summary: "Tiresias 2D-LAS per job: queues by attained GPU-time (split at 1 GPU-h); preemptive",
            make: { { RankedPreemptiveScheduler(ranking: DiscretisedLASRanking(), placement: $0.placement, preemption: $0.preemption) } }),
        Entry(
            name: "gittins",
            summary: "Tiresias 2D-Gittins: Gittins index over the trace's GPU-time distribution; preemptive",
            make: { { RankedPreemptiveScheduler(ranking: GittinsRanking(), placement: $0.placement, preemption: $0.preemption) } }),
        Entry(
            name: "gavel-max-min",
            summary: "Gavel: time shares per GPU type maximising the least normalised throughput (LP), in 6 min rounds; preemptive",
            make: { {
                HeterogeneityAwareRoundScheduler(
                    heterogeneityAware: true, runTime: $0.runTime, placement: $0.placement, preemption: $0.preemption,
                    roundLength: $0.roundLength)
            } }),
        Entry(
            name: "gavel-max-min-agnostic",
            summary: "gavel-max-min treating GPU types as equally fast (Gavel's heterogeneity-agnostic LAS baseline)",
            make: { {
                HeterogeneityAwareRoundScheduler(
                    heterogeneityAware: false, runTime: $0.runTime, placement: $0.placement, preemption: $0.preemption,
                    roundLength: $0.roundLength)
            } }),
        Entry(
            name: "elastic",
            summary: "elastic jobs (min-gpus…max-gpus): shrink running ones to admit waiting ones in FIFO order, grow into idle GPUs; preemptive",
            make: { { ElasticScheduler(placement: $0.placement, preemption: $0.preemption, scaling: $0.scaling) } }),
    ]

    public static func placement(named name: String, setup: PlacementSetup = PlacementSetup()) -> (any PlacementPolicy)? {
        placements.first { $0.name == name }?.make()(setup)
    }

    /// The placement `name` with the scenario's topology settings applied.
    public static func placement(named name: String, nodesPerLeaf: Int?) -> (any PlacementPolicy)? {
        placement(named: name, setup: PlacementSetup(nodesPerLeaf: nodesPerLeaf))
    }

    public static func policy(
        named name: String, placement: any PlacementPolicy, preemption: PreemptionSettings = .init()
    ) -> (any SchedulingPolicy)? {
        policy(named: name, stages: Stages(placement: placement, preemption: preemption))
    }

    public static func policy(named name: String, stages: Stages) -> (any SchedulingPolicy)? {
        policies.first { $0.name == name }.map { $0.make()(stages) }
    }
}
