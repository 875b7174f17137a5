/// Spreads jobs over the cluster: the emptiest node (most free GPUs) that can hold the
/// job whole; if none can, the emptiest nodes first until the job is covered. Ties go to
/// the lower node index. A job sharing a GPU goes to the node with the most free GPU
/// capacity that has room for it, on that node's emptiest GPU.
///
/// The classic "spread" (least-allocated) strategy of Kubernetes and Borg: it balances
/// load and heat across nodes, at the price of fragmenting them for large gangs, which is
/// what comparing it with ``ConsolidatingPlacement`` shows.
public struct SpreadPlacement: PlacementPolicy {
    public init() {}

    public func place(_ request: ResourceRequest, in cluster: ClusterState) -> Placement? {
        guard request.gpus > 0 else { return nil }
        if request.isFractional { return Self.emptiestShare(request, in: cluster) }
        var candidates: [Int] = []
        var available = 0
        let wanted = cluster.typeIndex(for: request.gpuType)
        for (index, node) in cluster.nodes.enumerated()
        where node.freeCount > 0 && ClusterState.matches(type: node.typeIndex, wanted) {
            candidates.append(index)
            available += node.freeCount
        }
        guard available >= request.gpus else { return nil }
        // The emptiest node holds the job whole if any node can; otherwise the job spans
        // the emptiest nodes.
        return Placement.emptiestFirst(request, candidates: candidates, in: cluster)
    }

    /// The node with the most free milli-GPUs that holds the share (ties: lower index),
    /// on its GPU with the most free capacity (ties: lower GPU).
    static func emptiestShare(_ request: ResourceRequest, in cluster: ClusterState) -> Placement? {
        var best: (node: Int, gpu: Int, nodeFree: Int)?
        let wanted = cluster.typeIndex(for: request.gpuType)
        for (position, node) in cluster.nodes.enumerated()
        where node.freeMilliTotal >= request.gpuMilli && ClusterState.matches(type: node.typeIndex, wanted)
            && cluster.hostFits(position, cpuMilli: request.cpuMilli, memoryMiB: request.memoryMiB)
            && node.freeMilliTotal > (best?.nodeFree ?? -1)
        {
            // The emptiest GPU, the lower one on ties.
            var gpu = 0
            for candidate in 1..<Swift.max(node.gpuCount, 1)
            where cluster.freeMilli(of: position, gpu: candidate) > cluster.freeMilli(of: position, gpu: gpu) {
                gpu = candidate
            }
            guard node.gpuCount > 0, cluster.freeMilli(of: position, gpu: gpu) >= request.gpuMilli else { continue }
            best = (position, gpu, node.freeMilliTotal)
        }
        return best.map { Placement.shared(request, node: $0.node, gpu: $0.gpu) }
    }
}
