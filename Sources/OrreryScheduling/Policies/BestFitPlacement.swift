/// Best fit: the node left with the least free resources after the job, weighing CPU and
/// GPU equally, each normalised by the largest node of the cluster:
/// ½·(free CPU − CPU)/max CPU + ½·(free milli-GPUs − milli-GPUs)/max milli-GPUs.
/// A shared GPU goes to the node's fullest GPU with room. The "BestFit" baseline of Weng
/// et al. (ATC'23, after the weights of their artifact).
public struct BestFitPlacement: PlacementPolicy {
    /// Weights of the CPU and GPU terms (equal, as in the ATC'23 artifact).
    public static let cpuWeight = 0.5
    public static let gpuWeight = 0.5

    public init() {}

    public func place(_ request: ResourceRequest, in cluster: ClusterState) -> Placement? {
        let maxCPU = Double(cluster.nodes.map(\.cpuMilli).max() ?? 0)
        let maxGPU = Double(cluster.maxGPUsPerNode * ResourceRequest.wholeGPU)
        return ScoredPlacement.lowestScoring(request, in: cluster, gpuChoice: .bestFit) { option in
            let node = cluster.nodes[option.node]
            let cpu = maxCPU > 0 ? Double(node.freeCPUMilli - request.cpuMilli) / maxCPU : 0
            let gpu = maxGPU > 0 ? Double(node.freeMilliTotal - request.totalMilliGPUs) / maxGPU : 0
            return Self.cpuWeight * cpu + Self.gpuWeight * gpu
        }
    }
}
