/// What a job asks the placement stage for: a gang of GPUs (whole, or a share of one),
/// and the host CPU and memory that go with them.
///
/// GPU shares follow Alibaba's GPU-sharing model (cluster-trace-gpu-v2023, `gpu_milli`):
/// a GPU's capacity is 1,000 milli-GPUs and a job below that shares one GPU with others.
/// Only single-GPU jobs may share; a gang of several GPUs holds each one whole.
public struct ResourceRequest: Sendable, Hashable {
    /// A whole GPU in milli-GPUs.
    public static let wholeGPU = 1000

    /// GPUs in the gang (1 for a shared GPU).
    public var gpus: Int
    /// Milli-GPUs held on each of those GPUs: 1,000 for whole GPUs, 1…999 for a share.
    public var gpuMilli: Int
    /// Host CPU in milli-cores, over the whole job (0: none asked).
    public var cpuMilli: Int
    /// Host memory in MiB, over the whole job (0: none asked).
    public var memoryMiB: Int
    /// Restricts placement to nodes with this GPU model (catalogue or trace name), if set.
    public var gpuType: String?
    /// The job's type (``JobSpec/jobType``), for throughput-aware placement.
    public var jobType: String?

    public init(
        gpus: Int, gpuMilli: Int = ResourceRequest.wholeGPU, cpuMilli: Int = 0, memoryMiB: Int = 0, gpuType: String? = nil,
        jobType: String? = nil
    ) {
        self.jobType = jobType
        self.gpus = gpus
        self.gpuMilli = gpuMilli
        self.cpuMilli = cpuMilli
        self.memoryMiB = memoryMiB
        self.gpuType = gpuType
    }

    /// Whether the job shares its GPU with others (holds less than a whole one).
    public var isFractional: Bool { gpuMilli < Self.wholeGPU }
    /// Whether it asks for host CPU or memory, which then must fit too.
    public var hasHostDemand: Bool { cpuMilli > 0 || memoryMiB > 0 }
    /// GPU capacity held in total, in milli-GPUs.
    public var totalMilliGPUs: Int { gpus * gpuMilli }

    /// ``ResourceDemand/hostShare(gpusOnNode:)``.
    public func hostShare(gpusOnNode: Int) -> (cpuMilli: Int, memoryMiB: Int) { demand.hostShare(gpusOnNode: gpusOnNode) }
}

/// What placement on a GPU type already chosen reads of a request: its numbers, without
/// the names of a GPU type or job type. A plain value, so passing one to a placement
/// stage copies a few words and nothing reference-counted (a round-based policy places
/// millions of runs, each through the placement existential, which copies its argument).
public struct ResourceDemand: Sendable, Hashable {
    public var gpus: Int
    public var gpuMilli: Int
    public var cpuMilli: Int
    public var memoryMiB: Int

    public init(gpus: Int, gpuMilli: Int = ResourceRequest.wholeGPU, cpuMilli: Int = 0, memoryMiB: Int = 0) {
        self.gpus = gpus
        self.gpuMilli = gpuMilli
        self.cpuMilli = cpuMilli
        self.memoryMiB = memoryMiB
    }

    /// The host CPU and memory a share of `gpusOnNode` of the gang's GPUs takes on its
    /// node: the job's demand split in proportion to GPUs, rounded up so that the shares
    /// never undercount it.
    public func hostShare(gpusOnNode: Int) -> (cpuMilli: Int, memoryMiB: Int) {
        guard gpusOnNode < gpus, gpus > 0 else { return (cpuMilli, memoryMiB) }
        func part(_ total: Int) -> Int { (total * gpusOnNode + gpus - 1) / gpus }
        return (part(cpuMilli), part(memoryMiB))
    }
}

extension ResourceRequest {
    /// The request's numbers.
    public var demand: ResourceDemand { ResourceDemand(gpus: gpus, gpuMilli: gpuMilli, cpuMilli: cpuMilli, memoryMiB: memoryMiB) }

    /// A request for `demand` naming no GPU type or job type.
    public init(_ demand: ResourceDemand) {
        self.init(gpus: demand.gpus, gpuMilli: demand.gpuMilli, cpuMilli: demand.cpuMilli, memoryMiB: demand.memoryMiB)
    }
}

extension JobSpec {
    /// What the job asks the placement stage for.
    public var request: ResourceRequest {
        ResourceRequest(gpus: gpus, gpuMilli: gpuMilli, cpuMilli: cpuMilli, memoryMiB: memoryMiB, gpuType: gpuType, jobType: jobType)
    }

    /// GPUs held, counting a shared GPU as its share (0.47 for 470 milli-GPUs).
    public var gpuShare: Double { Double(gpus * gpuMilli) / Double(ResourceRequest.wholeGPU) }
}
