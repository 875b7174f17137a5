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

/// The cluster's GPU types as the allocation sees them: capacity and a node of each.
struct GPUTypeTable {
    var capacities: [Int]
    /// Per type, its first node (to ask a run-time model about the type).
    var firstNode: [Int]

    init(_ cluster: ClusterState) {
        capacities = [Int](repeating: 0, count: cluster.gpuTypes.count)
        firstNode = [Int](repeating: -1, count: cluster.gpuTypes.count)
        for (position, node) in cluster.nodes.enumerated() {
            capacities[node.typeIndex] += node.gpuCount
            if firstNode[node.typeIndex] < 0 { firstNode[node.typeIndex] = position }
        }
    }

    /// The type index every share of `placement` is on, or nil if it spans types.
    static func type(of placement: Placement, in cluster: ClusterState) -> Int? {
        guard let first = placement.shares.first else { return nil }
        let type = cluster.nodes[first.node].typeIndex
        return placement.shares.allSatisfy({ cluster.nodes[$0.node].typeIndex == type }) ? type : nil
    }
}
