/// GPU clustering: put jobs of the same GPU demand together, so that shares of one size
/// fill GPUs evenly and whole-GPU jobs keep to their own nodes. The "GpuClustering"
/// baseline of Weng et al. (ATC'23). A job's kind is its share (milli-GPUs) or, for
/// whole GPUs, its GPU count (``ClusterState/Node/kinds``). Nodes rank in four tiers,
/// lower first, the fuller node first within a tier (ties: the lower node):
/// 1. nodes holding only jobs of the job's kind;
/// 2. nodes holding its kind among others;
/// 3. idle nodes;
/// 4. nodes holding only other kinds.
/// A shared GPU goes to the node's fullest GPU with room.
public struct GPUClusteringPlacement: PlacementPolicy {
    public init() {}

    public var readsJobKinds: Bool { true }

    public func place(_ request: ResourceRequest, in cluster: ClusterState) -> Placement? {
        let kind = ClusterState.kind(gpus: request.gpus, gpuMilli: request.gpuMilli)
        let capacity = Double(Swift.max(1, cluster.maxGPUsPerNode) * ResourceRequest.wholeGPU)
        return ScoredPlacement.lowestScoring(request, in: cluster, gpuChoice: .bestFit) { option in
            let node = cluster.nodes[option.node]
            let tier: Double
            if node.kinds.isEmpty {
                tier = 2
            } else if node.kinds.contains(kind) {
                tier = node.kinds.distinct == 1 ? 0 : 1
            } else {
                tier = 3
            }
            // Fuller first: the free fraction stays below 1, inside the tier.
            return tier + Double(node.freeMilliTotal) / (capacity + 1)
        }
    }
}
