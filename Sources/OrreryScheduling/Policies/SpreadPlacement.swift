/// Spreads jobs over the cluster: the emptiest node (most free GPUs) that can hold the
/// job whole; if none can, the emptiest nodes first until the job is covered. Ties go to
/// the lower node index.
///
/// The classic "spread" (least-allocated) strategy of Kubernetes and Borg: it balances
/// load and heat across nodes, at the price of fragmenting them for large gangs, which is
/// what comparing it with ``ConsolidatingPlacement`` shows.
public struct SpreadPlacement: PlacementPolicy {
    public init() {}

    public func place(gpus: Int, gpuType: String?, in cluster: ClusterState) -> Placement? {
        guard gpus > 0 else { return nil }
        var candidates: [Int] = []
        var available = 0
        for (index, node) in cluster.nodes.enumerated()
        where node.freeCount > 0 && ClusterState.matches(node, gpuType) {
            candidates.append(index)
            available += node.freeCount
        }
        guard available >= gpus else { return nil }
        // The emptiest node holds the job whole if any node can; otherwise the job spans
        // the emptiest nodes.
        return Placement.emptiestFirst(gpus: gpus, candidates: candidates, in: cluster)
    }
}
