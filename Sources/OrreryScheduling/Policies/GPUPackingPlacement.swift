/// GPU packing: fill GPUs already in use before opening new ones, and used nodes before
/// idle ones. The "GpuPacking" baseline of Weng et al. (ATC'23). Options rank in three
/// tiers, lower first:
/// 1. a share on a GPU already shared, the fullest first;
/// 2. free GPUs of a node already in use (ties: the lower node);
/// 3. an idle node, the one with fewer GPUs first.
public struct GPUPackingPlacement: PlacementPolicy {
    public init() {}

    public func place(_ request: ResourceRequest, in cluster: ClusterState) -> Placement? {
        ScoredPlacement.lowestScoring(request, in: cluster, gpuChoice: .bestFit) { option in
            let node = cluster.nodes[option.node]
            if let gpu = option.gpu, cluster.isUsed(option.node, gpu: gpu) {
                return Double(cluster.freeMilli(of: option.node, gpu: gpu)) / Double(ResourceRequest.wholeGPU)
            }
            if node.freeCount < node.gpuCount { return 1 }
            return 2 + Double(node.gpuCount) / Double(Swift.max(1, cluster.maxGPUsPerNode) + 1)
        }
    }
}
