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
        candidates.sort { a, b in
            let fa = cluster.nodes[a].freeCount, fb = cluster.nodes[b].freeCount
            return fa != fb ? fa > fb : a < b
        }
        if cluster.nodes[candidates[0]].freeCount >= gpus {
            return Placement(shares: [.init(node: candidates[0], gpus: cluster.freeGPUs(of: candidates[0], count: gpus))])
        }
        var shares: [Placement.Share] = []
        var needed = gpus
        for node in candidates where needed > 0 {
            let take = Swift.min(needed, cluster.nodes[node].freeCount)
            shares.append(.init(node: node, gpus: cluster.freeGPUs(of: node, count: take)))
            needed -= take
        }
        return Placement(shares: shares)
    }
}
