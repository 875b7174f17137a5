/// GPU fragmentation with respect to a target workload, as defined by Weng et al.,
/// "Beware of Fragmentation: Scheduling GPU-Sharing Workloads with Fragmentation
/// Gradient Descent" (USENIX ATC'23), §3.
///
/// The workload M is a set of task classes m with popularity p_m (their share of tasks).
/// For a node n and a class m, the fragment F_n(m) is the free GPU capacity (milli-GPUs)
/// that m cannot use:
/// - if m cannot run on n at all (wrong GPU type, too little free CPU, or fewer than
///   m.gpus GPUs with at least m.gpuMilli free), every free milli-GPU of n;
/// - otherwise the free capacity of the GPUs with less than m.gpuMilli free (for a
///   whole-GPU class: every partly used GPU).
/// The node's fragmentation is the expectation F_n(M) = Σ_m p_m F_n(m), the cluster's is
/// Σ_n F_n(M), and the fragmentation rate is that over the cluster's free GPU capacity.
/// Host memory is not part of a class (as in the paper's artifact, which classes tasks
/// by CPU and GPU demand only).
public struct TargetWorkload: Sendable, Equatable {
    /// A kind of task: its GPUs, the share of each, its CPU and its GPU type, if any.
    public struct TaskClass: Sendable, Hashable {
        public var gpus: Int
        public var gpuMilli: Int
        public var cpuMilli: Int
        public var gpuType: String?

        public init(gpus: Int, gpuMilli: Int = ResourceRequest.wholeGPU, cpuMilli: Int = 0, gpuType: String? = nil) {
            self.gpus = gpus
            self.gpuMilli = gpuMilli
            self.cpuMilli = cpuMilli
            self.gpuType = gpuType
        }
    }

    /// Classes by decreasing popularity (ties: fewer GPUs, smaller share, less CPU).
    public private(set) var classes: [TaskClass]
    /// Parallel to `classes`; sums to 1.
    public private(set) var popularity: [Double]

    /// The classes' fields as flat arrays, for the hot loop (FGD scores every node with it).
    private var classGPUs: [Int]
    private var classMilli: [Int]
    private var classCPU: [Int]
    private var classType: [String?]

    /// The workload of explicit classes and weights (normalised here).
    public init(classes: [TaskClass], weights: [Double]) {
        let total = weights.reduce(0, +)
        self.classes = classes
        popularity = weights.map { total > 0 ? $0 / total : 0 }
        classGPUs = classes.map(\.gpus)
        classMilli = classes.map(\.gpuMilli)
        classCPU = classes.map(\.cpuMilli)
        classType = classes.map(\.gpuType)
    }

    /// The distribution of `jobs`' task classes, each job counting once.
    public init(jobs: [JobSpec]) {
        var counts: [TaskClass: Int] = [:]
        for job in jobs where job.gpus > 0 {
            counts[TaskClass(gpus: job.gpus, gpuMilli: job.gpuMilli, cpuMilli: job.cpuMilli, gpuType: job.gpuType), default: 0] += 1
        }
        let ordered = counts.sorted { a, b in
            if a.value != b.value { return a.value > b.value }
            let x = a.key, y = b.key
            if x.gpus != y.gpus { return x.gpus < y.gpus }
            if x.gpuMilli != y.gpuMilli { return x.gpuMilli < y.gpuMilli }
            if x.cpuMilli != y.cpuMilli { return x.cpuMilli < y.cpuMilli }
            return (x.gpuType ?? "") < (y.gpuType ?? "")
        }
        self.init(classes: ordered.map(\.key), weights: ordered.map { Double($0.value) })
    }

    /// F_n(M) in milli-GPUs for a node of type `gpuType` whose GPUs have `freeMilli` free
    /// and whose host has `freeCPUMilli` free.
    public func fragmentation(freeMilli: ArraySlice<Int>, freeCPUMilli: Int, gpuType: String) -> Double {
        var freeTotal = 0
        for free in freeMilli { freeTotal += free }
        guard freeTotal > 0 else { return 0 }
        var expected = 0.0
        for position in popularity.indices {
            expected += popularity[position] * Double(fragment(position, freeMilli: freeMilli, freeTotal: freeTotal, freeCPUMilli: freeCPUMilli, gpuType: gpuType))
        }
        return expected
    }

    /// F_n(m) in milli-GPUs for class `position`.
    private func fragment(_ position: Int, freeMilli: ArraySlice<Int>, freeTotal: Int, freeCPUMilli: Int, gpuType: String) -> Int {
        if let type = classType[position], !GPUTypeName.same(type, gpuType) { return freeTotal }
        guard freeCPUMilli >= classCPU[position] else { return freeTotal }
        let share = classMilli[position]
        var usable = 0
        var stranded = 0
        for free in freeMilli {
            if free >= share { usable += 1 } else { stranded += free }
        }
        return usable >= classGPUs[position] ? stranded : freeTotal
    }

    /// F_n(M) of node `node` of `cluster` as it is.
    public func fragmentation(of node: Int, in cluster: ClusterState) -> Double {
        fragmentation(freeMilli: cluster.freeMilli(of: node), freeCPUMilli: cluster.nodes[node].freeCPUMilli, gpuType: cluster.gpuType(of: node))
    }

    /// Σ_n F_n(M) in milli-GPUs.
    public func fragmentation(of cluster: ClusterState) -> Double {
        cluster.nodes.indices.reduce(0) { $0 + fragmentation(of: $1, in: cluster) }
    }
}
