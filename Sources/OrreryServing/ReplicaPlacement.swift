/// Where each replica's GPUs sit in the serving network's topology: replica `i` holds the
/// consecutive ranks `firstRanks[i] ..< firstRanks[i] + gpusPerReplica` (its TP × PP
/// group: tensor-parallel ranks of stage 0, then of stage 1, …).
///
/// KV transfers between replicas are routed between these ranks, and a scenario marks
/// them allocated in the cluster so that jobs cannot take them.
public struct ReplicaPlacement: Sendable, Equatable {
    public var firstRanks: [Int]

    public init(firstRanks: [Int]) { self.firstRanks = firstRanks }

    /// Replicas packed onto nodes from `firstNode` on: as many whole replicas per node as
    /// fit (a replica never straddles two nodes when it fits in one), or, for replicas
    /// larger than a node, whole nodes each.
    public static func packed(replicas: Int, gpusPerReplica: Int, gpusPerNode: Int, firstNode: Int = 0) -> ReplicaPlacement {
        let g = Swift.max(gpusPerReplica, 1), n = Swift.max(gpusPerNode, 1)
        let base = firstNode * n
        if g <= n {
            let perNode = n / g
            return ReplicaPlacement(firstRanks: (0..<replicas).map { base + ($0 / perNode) * n + ($0 % perNode) * g })
        }
        let nodesEach = (g + n - 1) / n
        return ReplicaPlacement(firstRanks: (0..<replicas).map { base + $0 * nodesEach * n })
    }

    /// Nodes of `gpusPerNode` GPUs that `replicas` replicas packed this way span.
    public static func nodesSpanned(replicas: Int, gpusPerReplica: Int, gpusPerNode: Int) -> Int {
        let g = Swift.max(gpusPerReplica, 1), n = Swift.max(gpusPerNode, 1)
        if g <= n { return (replicas + n / g - 1) / (n / g) }
        return replicas * ((g + n - 1) / n)
    }
}
