/// A round's cluster when every job takes whole GPUs without host demand, no GPU is
/// shared and the placement consolidates (``PlacementPolicy/consolidatesWholeGPUs``):
/// each node's wholly free GPUs as a bitset, nodes bucketed by type and free count, and
/// the free GPUs of each type, loaded from the cluster at the start of the round. A busy
/// round of `gavel-max-min` on the Philly trace releases and places about 190 runs; on
/// the cluster each change also kept per-GPU milli-GPUs, host capacity, totals and the
/// free-count index, through three copy-on-write arrays. Here a change is a few bit
/// operations, and ``write(into:)`` sets each node the round changed once, at its end.
///
/// Placement is ``ConsolidatingPlacement``'s own rule
/// (``ConsolidatingPlacement/placeWholeGPUs(_:type:in:)``), read on the masks
/// (``WholeGPUNodes``). Scratch memory kept by one run's policy state and reused round
/// after round: copies share it.
final class WholeGPUMasks: RoundCluster, WholeGPUNodes {
    /// Per node: its wholly free GPUs and their count, its type, and whether the round
    /// changed it, in one row (one index check per change).
    private var rows = JobColumn<Row>(repeating: Row(), count: 0)
    private let changedNodes = JobList()
    /// Nodes by type and free count, a copy of the cluster's taken at the load.
    @exclusivity(unchecked) private var index = FreeCountIndex(types: 1, nodes: 0, maxFree: 0)
    private(set) var maxGPUsPerNode = 0
    private var changes = 0

    private struct Row {
        var free = GPUSet()
        /// ``free`` as loaded: a node whose GPUs were released and taken back as they
        /// were is not written back.
        var loaded = GPUSet()
        var freeCount = 0
        var type = 0
        var changed = false
    }

    /// Whether a round on `cluster`, placing through `placement` jobs whose demands
    /// are all whole GPUs without host demand, can be made here.
    static func canPlan(on cluster: ClusterState, placement: any PlacementPolicy) -> Bool {
        placement.consolidatesWholeGPUs && !cluster.countsJobKinds && cluster.holdsNoSharedGPU
            && cluster.maxGPUsPerNode <= GPUSet.capacity
    }

    /// Takes the cluster's free GPUs as they are now.
    func load(from cluster: ClusterState) {
        if rows.count != cluster.nodes.count { rows = JobColumn(repeating: Row(), count: cluster.nodes.count) }
        for (position, node) in cluster.nodes.enumerated() {
            rows[position] = Row(free: node.freeGPUs, loaded: node.freeGPUs, freeCount: node.freeCount, type: node.typeIndex)
        }
        index = cluster.freeCountIndex
        maxGPUsPerNode = cluster.maxGPUsPerNode
        changes = 0
    }

    /// Sets every node the round changed on `cluster`, the cluster the masks were loaded
    /// from, which nothing else changed since.
    func write(into cluster: inout ClusterState) {
        for position in 0..<changedNodes.count {
            let node = changedNodes[position]
            let row = rows.address(of: node)
            if row.pointee.free != row.pointee.loaded { cluster.setWholeGPUsFree(row.pointee.free, count: row.pointee.freeCount, node: node) }
            row.pointee.changed = false
        }
        changedNodes.removeAll()
        cluster.countChanges(changes)
    }

    var isFull: Bool { index.free(type: nil) == 0 }

    @inline(__always)
    func place(_ demand: ResourceDemand, onType type: Int, by placement: any PlacementPolicy) -> Placement? {
        assert(placement.consolidatesWholeGPUs, "masks used for a placement that does not consolidate whole GPUs")
        assert(demand.gpuMilli == ResourceRequest.wholeGPU && demand.cpuMilli <= 0 && demand.memoryMiB <= 0, "a demand the masks do not hold")
        guard demand.gpus > 0 else { return nil }
        return ConsolidatingPlacement.placeWholeGPUs(demand, type: type, in: self)
    }

    func freeGPUs(typeIndex: Int) -> Int { index.free(type: typeIndex) }
    func freeGPUs(typeIndex: Int?) -> Int { index.free(type: typeIndex) }
    func fullestNode(type: Int, free: Int) -> Int? { index.fullestNode(type: type, free: free) }
    func forEachNode(type: Int?, free: Int, _ body: (Int) -> Bool) { index.forEach(type: type, free: free, body) }
    /// A node's free GPUs are most often taken whole (the fullest node that holds a job),
    /// and then the set is not walked bit by bit.
    @inline(__always)
    func freeGPUs(of node: Int, count: Int) -> GPUSet {
        let row = rows.address(of: node)
        return count == row.pointee.freeCount ? row.pointee.free : row.pointee.free.lowest(count)
    }

    /// The masks hold no host reservations: only jobs without host demand are placed on them.
    func hostFits(_ node: Int, cpuMilli: Int, memoryMiB: Int) -> Bool { cpuMilli <= 0 && memoryMiB <= 0 }

    func allocate(_ placement: Placement) {
        change(placement, holding: true)
    }

    func release(_ placement: Placement) {
        change(placement, holding: false)
    }

    func release(wholeGPUs share: Placement.Share, gpus: Int) {
        change(share, gpus: gpus, holding: false)
        changes += 1
    }

    @inline(__always)
    private func change(_ placement: Placement, holding: Bool) {
        assert(placement.gpuMilli == ResourceRequest.wholeGPU, "a shared GPU in the masks")
        if let share = placement.wholeGPUsOnOneNode {
            change(share, gpus: placement.gpuCount, holding: holding)
        } else {
            for share in placement.shares { change(share, gpus: share.gpus.count, holding: holding) }
        }
        changes += 1
    }

    /// Holds (or, not `holding`, releases) the `gpus` GPUs of `share`.
    @inline(__always)
    private func change(_ share: Placement.Share, gpus count: Int, holding: Bool) {
        assert(share.cpuMilli <= 0 && share.memoryMiB <= 0, "a host demand in the masks")
        let node = share.node
        let row = rows.address(of: node)
        row.pointee.free.change(share.gpus, holding: holding, node: node)
        let before = row.pointee.freeCount, after = holding ? before &- count : before &+ count
        row.pointee.freeCount = after
        index.move(node: node, type: row.pointee.type, from: before, to: after)
        if !row.pointee.changed {
            row.pointee.changed = true
            changedNodes.append(node)
        }
    }

    func hasRoom(for placement: Placement) -> Bool {
        placement.shares.allSatisfy { $0.gpus.isSubset(of: rows[$0.node].free) }
    }
}
