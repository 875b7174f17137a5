import OrreryKernel

/// A rigid job: it needs `gpus` GPUs at once (a gang) for `duration`, from the moment it
/// starts; a single-GPU job may hold only a share of its GPU (`gpuMilli` < 1000) and any
/// job may ask for host CPU and memory, which placement then respects.
public struct JobSpec: Sendable, Equatable {
    public var id: String
    /// Who pays: a team or virtual cluster. A `/` nests it (`research/vision` is project
    /// `vision` of domain `research`) for hierarchical quotas.
    public var tenant: String
    /// The submitting user within the tenant, if the trace says; empty if not.
    public var user: String
    public var gpus: Int
    public var submit: SimTime
    public var duration: SimTime
    /// Restricts placement to nodes with this GPU model (catalogue name), if set.
    public var gpuType: String?
    /// The job's priority class: higher is more important. Only priority-aware policies
    /// (`priority`) and the `lowest-priority` victim order read it; traces without one
    /// give every job 0.
    public var priority: Int
    /// Milli-GPUs held on each GPU: 1,000 (the default) for whole GPUs; 1…999 for a job
    /// of one GPU that shares it with others (``ResourceRequest``).
    public var gpuMilli: Int
    /// Host CPU (milli-cores) and memory (MiB) for the whole job; 0 when the trace gives
    /// none, in which case only GPUs limit placement.
    public var cpuMilli: Int
    public var memoryMiB: Int
    /// Training steps the job runs, when its run time comes from a simulated training
    /// step (``RunTimeModel``, scenario `scheduler.run-time: training`); nil otherwise.
    public var steps: Int? = nil
    /// What the job runs, when the trace says (Gavel's job types, e.g. `ResNet-50 (batch
    /// size 64)`): read by throughput-aware run-time models and placements; nil otherwise.
    public var jobType: String? = nil
    /// An elastic job's fewest and most GPUs (whole GPUs; `minGPUs` ≤ `gpus` ≤ `maxGPUs`):
    /// a resizing policy (`elastic`) may run it at any size between them, at the speed its
    /// scaling curve gives for that size (``AmdahlScaling``). Nil for rigid jobs, which run
    /// at `gpus` only; other policies run every job at `gpus`.
    public var minGPUs: Int? = nil
    public var maxGPUs: Int? = nil
    /// An elastic job's own Amdahl serial fraction (0…1), where jobs scale differently
    /// (a small model's step parallelises worse than a large one's); nil: the policy's
    /// (`scheduler.serial-fraction`, ``AmdahlScaling``).
    public var serialFraction: Double? = nil

    /// The sizes the job may run at: `minGPUs…maxGPUs` for an elastic job, `gpus…gpus`
    /// otherwise.
    public var sizeRange: ClosedRange<Int> {
        let low = Swift.min(minGPUs ?? gpus, gpus), high = Swift.max(maxGPUs ?? gpus, gpus)
        return low...high
    }

    /// Whether the job may run at another size than `gpus`.
    public var isElastic: Bool { sizeRange.lowerBound != sizeRange.upperBound }

    public init(
        id: String, tenant: String = "default", gpus: Int, submit: SimTime, duration: SimTime, gpuType: String? = nil,
        priority: Int = 0, user: String = "", gpuMilli: Int = ResourceRequest.wholeGPU, cpuMilli: Int = 0, memoryMiB: Int = 0,
        steps: Int? = nil, jobType: String? = nil, minGPUs: Int? = nil, maxGPUs: Int? = nil, serialFraction: Double? = nil
    ) {
        self.serialFraction = serialFraction
        self.minGPUs = minGPUs
        self.maxGPUs = maxGPUs
        self.steps = steps
        self.jobType = jobType
        self.user = user
        self.gpuMilli = gpuMilli
        self.cpuMilli = cpuMilli
        self.memoryMiB = memoryMiB
        self.id = id
        self.tenant = tenant
        self.gpus = gpus
        self.submit = submit
        self.duration = duration
        self.gpuType = gpuType
        self.priority = priority
    }
}
