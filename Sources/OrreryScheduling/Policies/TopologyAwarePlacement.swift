/// Keeps a job's GPUs close in the network: on one node if any node can hold it, else
/// under one leaf switch, else on the fewest leaves.
///
/// Leaves are consecutive runs of `nodesPerLeaf` nodes in scenario order (the last may
/// be shorter), the usual rack/rail-group wiring; the fabric's `Topology` can supply the
/// real grouping later. Within each step it best-fits to keep large holes open:
/// - one node: the fullest node that fits (as ``ConsolidatingPlacement``);
/// - one leaf: the leaf with the fewest free GPUs that can hold the job, its emptiest
///   nodes first (fewest nodes);
/// - several leaves: the emptiest leaves first until the job is covered, each taken
///   emptiest node first.
/// Ties go to the lower node or leaf index, so placement is deterministic. A job sharing
/// a GPU needs one GPU, so it is placed as ``ConsolidatingPlacement`` places it.
public struct TopologyAwarePlacement: PlacementPolicy {
    public var nodesPerLeaf: Int

    public init(nodesPerLeaf: Int = 32) {
        self.nodesPerLeaf = Swift.max(1, nodesPerLeaf)
    }

    public func place(_ request: ResourceRequest, in cluster: ClusterState) -> Placement? {
        let gpus = request.gpus, gpuType = request.gpuType
        guard gpus > 0 else { return nil }
        if request.isFractional { return Placement.bestFitShare(request, in: cluster) }
        var bestSingle: Int?
        let leafCount = (cluster.nodes.count + nodesPerLeaf - 1) / nodesPerLeaf
        var leafFree = Array(repeating: 0, count: leafCount)
        let wanted = cluster.typeIndex(for: gpuType)
        for (index, node) in cluster.nodes.enumerated() where node.freeCount > 0 && ClusterState.matches(type: node.typeIndex, wanted) {
            leafFree[index / nodesPerLeaf] += node.freeCount
            if node.freeCount >= gpus, bestSingle.map({ node.freeCount < cluster.nodes[$0].freeCount }) ?? true,
                cluster.hostFits(index, cpuMilli: request.cpuMilli, memoryMiB: request.memoryMiB)
            {
                bestSingle = index
            }
        }
        if let node = bestSingle { return Placement.onOneNode(request.demand, node: node, in: cluster) }
        guard leafFree.reduce(0, +) >= gpus else { return nil }
        var bestLeaf: Int?
        for leaf in leafFree.indices where leafFree[leaf] >= gpus {
            if bestLeaf.map({ leafFree[leaf] < leafFree[$0] }) ?? true { bestLeaf = leaf }
        }
        let leaves = bestLeaf.map { [$0] }
            ?? leafFree.indices.sorted { leafFree[$0] != leafFree[$1] ? leafFree[$0] > leafFree[$1] : $0 < $1 }
        var shares: [Placement.Share] = []
        var needed = gpus
        for leaf in leaves where needed > 0 {
            let range = (leaf * nodesPerLeaf)..<Swift.min((leaf + 1) * nodesPerLeaf, cluster.nodes.count)
            let candidates = range.filter { cluster.nodes[$0].freeCount > 0 && ClusterState.matches(type: cluster.nodes[$0].typeIndex, wanted) }
            let take = Swift.min(needed, leafFree[leaf])
            var part = request
            part.gpus = take
            (part.cpuMilli, part.memoryMiB) = request.hostShare(gpusOnNode: take)
            guard let covered = Placement.emptiestFirst(part, candidates: candidates, in: cluster) else { return nil }
            shares += covered.shares
            needed -= take
        }
        return Placement(shares: shares)
    }

    /// The leaves a placement touches.
    public func leaves(of placement: Placement) -> Int {
        Set(placement.shares.map { $0.node / nodesPerLeaf }).count
    }
}
