/// Where a job runs: some GPUs on each of one or more nodes.
public struct Placement: Sendable, Equatable {
    public struct Share: Sendable, Equatable {
        /// Index into ``ClusterState/nodes``.
        public var node: Int
        /// GPU indices within the node.
        public var gpus: [Int]

        public init(node: Int, gpus: [Int]) {
            self.node = node
            self.gpus = gpus
        }
    }

    public var shares: [Share]

    public init(shares: [Share]) { self.shares = shares }

    public var gpuCount: Int { shares.reduce(0) { $0 + $1.gpus.count } }
    public var nodeCount: Int { shares.count }

    /// A compact, stable text form for results: `DGX-A100#0[0-7],DGX-A100#1[0-3]`.
    public func summary(in cluster: ClusterState) -> String {
        shares.map { "\(cluster.nodes[$0.node].name)[\(Self.ranges($0.gpus))]" }.joined(separator: ",")
    }

    static func ranges(_ gpus: [Int]) -> String {
        var parts: [String] = []
        var index = 0
        while index < gpus.count {
            var end = index
            while end + 1 < gpus.count && gpus[end + 1] == gpus[end] + 1 { end += 1 }
            parts.append(end == index ? "\(gpus[index])" : "\(gpus[index])-\(gpus[end])")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }
}

/// Chooses GPUs for a job that needs them all at once, or says it cannot now.
public protocol PlacementPolicy: Sendable {
    func place(gpus: Int, gpuType: String?, in cluster: ClusterState) -> Placement?
}

/// Keeps a job's GPUs together: one node if any node can hold it (the fullest such
/// node, to leave whole nodes free for large jobs), otherwise the fewest nodes, taking
/// the emptiest nodes first. Ties go to the lower node index, so placement is
/// deterministic.
public struct ConsolidatingPlacement: PlacementPolicy {
    public init() {}

    public func place(gpus: Int, gpuType: String?, in cluster: ClusterState) -> Placement? {
        guard gpus > 0 else { return nil }
        // First the common case, without allocating: the fullest single node that fits
        // (an exact fit cannot be beaten, so the scan stops there).
        var bestSingle: Int?
        var bestFree = Int.max
        for index in cluster.nodes.indices {
            let free = cluster.nodes[index].freeCount
            guard free >= gpus, free < bestFree, ClusterState.matches(cluster.nodes[index], gpuType) else { continue }
            bestSingle = index
            bestFree = free
            if free == gpus { break }
        }
        if let node = bestSingle {
            return Placement(shares: [.init(node: node, gpus: cluster.freeGPUs(of: node, count: gpus))])
        }
        var candidates: [Int] = []
        var available = 0
        for (index, node) in cluster.nodes.enumerated()
        where node.freeCount > 0 && ClusterState.matches(node, gpuType) {
            candidates.append(index)
            available += node.freeCount
        }
        guard available >= gpus else { return nil }
        return Placement.emptiestFirst(gpus: gpus, candidates: candidates, in: cluster)
    }
}

extension Placement {
    /// Takes GPUs from `candidates`, emptiest node first (ties to the lower index), until
    /// `gpus` are covered: the fewest nodes that can hold the job. The candidates must
    /// have at least `gpus` free GPUs between them.
    static func emptiestFirst(gpus: Int, candidates: [Int], in cluster: ClusterState) -> Placement {
        let ordered = candidates.sorted { a, b in
            let fa = cluster.nodes[a].freeCount, fb = cluster.nodes[b].freeCount
            return fa != fb ? fa > fb : a < b
        }
        var shares: [Placement.Share] = []
        var needed = gpus
        for node in ordered where needed > 0 {
            let take = Swift.min(needed, cluster.nodes[node].freeCount)
            shares.append(.init(node: node, gpus: cluster.freeGPUs(of: node, count: take)))
            needed -= take
        }
        return Placement(shares: shares)
    }
}
