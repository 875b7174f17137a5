import OrreryKernel

/// What a round-based heterogeneity-aware scheduler remembers between passes of one run:
/// the current allocation, the time each job has held each GPU type since it was
/// computed, and each job's throughput per type.
///
/// A reference type because the policy's passes share it (a policy value is copied into
/// the model once per run by ``SchedulingPolicy/prepared(for:)``, which makes a fresh
/// one). A run is single-threaded, so the unchecked sendability holds.
final class RoundState: @unchecked Sendable {
    /// Jobs the allocation was computed for, ascending; nil before the first pass.
    var active: [Int]?
    /// Per active job: its share of time on each GPU type (``MaxMinAllocation``).
    var shares: [Int: [Double]] = [:]
    /// Per active job: seconds it has held each type since ``allocatedAt``.
    var received: [Int: [Double]] = [:]
    var allocatedAt: SimTime = .zero
    /// The last pass, up to which running jobs' time has been credited.
    var lastPass: SimTime = .zero
    /// The instant the last round was planned (a second pass at the same instant, after
    /// the round's preemptions, only fills idle GPUs).
    var lastRound: SimTime?
    /// Per job index: throughput on each type (``HeterogeneityAwareRoundScheduler``).
    var throughputs: [Int: [Double]] = [:]
    /// The run's jobs, by index (empty when the policy was not prepared).
    let jobs: [JobSpec]

    init(jobs: [JobSpec]) {
        self.jobs = jobs
    }
}

/// The cluster's GPU types as the allocation sees them: capacity and nodes of each.
struct GPUTypeTable {
    var capacities: [Int]
    /// Per type, its nodes in cluster order.
    var nodes: [[Int]]

    init(_ cluster: ClusterState) {
        capacities = [Int](repeating: 0, count: cluster.gpuTypes.count)
        nodes = [[Int]](repeating: [], count: cluster.gpuTypes.count)
        for (position, node) in cluster.nodes.enumerated() {
            capacities[node.typeIndex] += node.gpuCount
            nodes[node.typeIndex].append(position)
        }
    }

    /// `gpus` GPUs on the first nodes of `type`, filled in order: where the policy asks a
    /// run-time model how fast a job runs on the type. Nil if the type has fewer GPUs.
    func nominalPlacement(gpus: Int, type: Int, in cluster: ClusterState) -> Placement? {
        guard gpus > 0, gpus <= capacities[type] else { return nil }
        var shares: [Placement.Share] = []
        var left = gpus
        for node in nodes[type] where left > 0 {
            let take = Swift.min(left, cluster.nodes[node].gpuCount)
            shares.append(.init(node: node, gpus: Array(0..<take)))
            left -= take
        }
        return Placement(shares: shares)
    }

    /// The type index every share of `placement` is on, or nil if it spans types.
    static func type(of placement: Placement, in cluster: ClusterState) -> Int? {
        guard let first = placement.shares.first else { return nil }
        let type = cluster.nodes[first.node].typeIndex
        return placement.shares.allSatisfy({ cluster.nodes[$0.node].typeIndex == type }) ? type : nil
    }
}
