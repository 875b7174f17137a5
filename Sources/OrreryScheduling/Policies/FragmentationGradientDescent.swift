/// Fragmentation Gradient Descent (FGD; Weng et al., "Beware of Fragmentation:
/// Scheduling GPU-Sharing Workloads with Fragmentation Gradient Descent", USENIX ATC'23,
/// §4): place each job where it increases the expected fragmentation of the target
/// workload least.
///
/// For every node (and, for a shared GPU, every GPU of it) that can hold the job now, the
/// growth of the node's fragmentation Δ = F_n'(M) − F_n(M) is computed on the state the
/// placement would leave (``TargetWorkload``); the smallest Δ wins, ties to the lower
/// node and GPU. Δ can be negative: a share that fills a GPU no popular task could use
/// removes fragments. The paper scores Δ through a sigmoid onto Kubernetes' 0–100 node
/// score; Orrery compares Δ itself, which orders nodes the same way without the rounding.
public struct FragmentationGradientDescentPlacement: PlacementPolicy {
    /// The workload whose fragmentation is minimised: by default the run's own jobs.
    public var workload: TargetWorkload

    public init(workload: TargetWorkload) {
        self.workload = workload
    }

    public func place(_ request: ResourceRequest, in cluster: ClusterState) -> Placement? {
        var scratch = Array(repeating: 0, count: cluster.maxGPUsPerNode)
        // Nodes in the same state give the same Δ (large clusters have many idle nodes of
        // one kind), so each distinct (state, option) is scored once per call.
        var known: [NodeState: Double] = [:]
        return ScoredPlacement.lowestScoring(request, in: cluster, gpuChoice: .every) { option in
            let node = cluster.nodes[option.node]
            let free = cluster.freeMilli(of: option.node)
            let state = NodeState(
                type: node.typeIndex, freeCPUMilli: node.freeCPUMilli, freeMilli: free,
                optionFree: option.gpu.map { cluster.freeMilli(of: option.node, gpu: $0) } ?? -1)
            if let delta = known[state] { return delta }
            let gpuType = cluster.gpuType(of: option.node)
            let before = workload.fragmentation(freeMilli: free, freeCPUMilli: node.freeCPUMilli, gpuType: gpuType)
            let count = ScoredPlacement.freeAfter(request, option, in: cluster, into: &scratch)
            let after = workload.fragmentation(
                freeMilli: scratch[..<count], freeCPUMilli: node.freeCPUMilli - request.cpuMilli, gpuType: gpuType)
            known[state] = after - before
            return after - before
        }
    }

    /// What Δ depends on: the node's type, free CPU and free GPU capacities, and the free
    /// capacity of the GPU a share would take (−1 for whole GPUs).
    struct NodeState: Hashable {
        var type: Int
        var freeCPUMilli: Int
        var freeMilli: ArraySlice<Int>
        var optionFree: Int
    }
}
