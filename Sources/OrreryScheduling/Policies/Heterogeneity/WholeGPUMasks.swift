/// A round's cluster when every job takes whole GPUs without host demand, no GPU is
/// shared and the placement consolidates (``PlacementPolicy/consolidatesWholeGPUs``):
/// each node's wholly free GPUs as a bitset, nodes bucketed by type and free count, and
/// the free GPUs of each type, loaded from the cluster at the start of the round. A busy
/// round of `gavel-max-min` on the Philly trace releases and places about 190 runs; on
/// the cluster each change also kept per-GPU milli-GPUs, host capacity, totals and the
/// free-count index, through three copy-on-write arrays. Here a change is a few bit
/// operations, and ``write(into:)`` sets each node the round changed once, at its end.
///
/// Placement follows ``ConsolidatingPlacement``'s rule for whole GPUs without host
/// demand: the fullest node of the type that holds the job (ties to the lower index), its
/// lowest-numbered free GPUs; otherwise nodes emptiest first (ties to the lower index),
/// the lowest-numbered free GPUs of each, until the job is covered. Scratch memory kept
/// by one run's policy state and reused round after round: copies share it.
final class WholeGPUMasks: RoundCluster {
    private var nodeCount = 0
    private var types = 0
    private var maxFree = 0
    private var words = 0
    /// Per node: its wholly free GPUs and their count, its type, and whether the round
    /// changed it, in one row (one index check per change).
    private var rows = JobColumn<Row>(repeating: Row(), count: 0)
    private let changedNodes = JobList()
    /// Bitsets over node positions per (type, free count): bit `n % 64` of word
    /// `(type × (maxFree + 1) + free) × words + n / 64`.
    private var buckets = JobColumn<UInt64>(repeating: 0, count: 0)
    private var typeFree = JobColumn<Int>(repeating: 0, count: 0)
    private var freeTotal = 0
    private var changes = 0

    private struct Row {
        var free = GPUSet()
        /// ``free`` as loaded: a node whose GPUs were released and taken back as they
        /// were is not written back.
        var loaded = GPUSet()
        var freeCount = 0
        var type = 0
        /// Where the node's bit is in ``buckets`` with no GPU free: its bucket word with
        /// `k` free is `bucketWord + k × words`.
        var bucketWord = 0
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
        if nodeCount != cluster.nodes.count || maxFree != cluster.maxGPUsPerNode || types != cluster.gpuTypes.count {
            allocate(nodes: cluster.nodes.count, types: Swift.max(cluster.gpuTypes.count, 1), maxFree: cluster.maxGPUsPerNode)
        }
        for word in 0..<buckets.count { buckets[word] = 0 }
        for type in 0..<types { typeFree[type] = 0 }
        freeTotal = 0
        for (position, node) in cluster.nodes.enumerated() {
            rows[position] = Row(
                free: node.freeGPUs, loaded: node.freeGPUs, freeCount: node.freeCount, type: node.typeIndex,
                bucketWord: bucket(type: node.typeIndex, free: 0) + position >> 6)
            buckets[bucket(type: node.typeIndex, free: node.freeCount) + position >> 6] |= 1 << UInt64(position & 63)
            typeFree[node.typeIndex] += node.freeCount
            freeTotal += node.freeCount
        }
        changes = 0
    }

    private func allocate(nodes: Int, types: Int, maxFree: Int) {
        nodeCount = nodes
        self.types = types
        self.maxFree = maxFree
        words = (nodes + 63) / 64
        rows = JobColumn(repeating: Row(), count: nodes)
        buckets = JobColumn(repeating: 0, count: types * (maxFree + 1) * words)
        typeFree = JobColumn(repeating: 0, count: types)
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

    private func bucket(type: Int, free count: Int) -> Int { (type &* (maxFree &+ 1) &+ count) &* words }

    func freeGPUs(typeIndex: Int) -> Int { typeFree[typeIndex] }

    var isFull: Bool { freeTotal == 0 }

    func place(_ demand: ResourceDemand, onType type: Int, by placement: any PlacementPolicy) -> Placement? {
        assert(demand.gpuMilli == ResourceRequest.wholeGPU && demand.cpuMilli <= 0 && demand.memoryMiB <= 0, "a demand the masks do not hold")
        guard demand.gpus > 0, type >= 0, type < types else { return nil }
        if let node = fullestNode(type: type, free: demand.gpus) {
            return Placement(share: .init(node: node, gpus: rows[node].free.lowest(demand.gpus)), gpuCount: demand.gpus)
        }
        return emptiestFirst(demand.gpus, type: type)
    }

    /// The lowest-numbered node of `type` among those with the fewest wholly free GPUs,
    /// `minimum` or more.
    private func fullestNode(type: Int, free minimum: Int) -> Int? {
        guard minimum <= maxFree else { return nil }
        var at = bucket(type: type, free: Swift.max(minimum, 0))
        let end = bucket(type: type, free: maxFree) &+ words
        precondition(at >= 0 && end <= buckets.count, "type \(type) outside the masks")
        // One check for the whole scan: a placement scans up to a word per free count.
        let bucketWords = buckets.address(of: 0)
        while at < end {
            let value = bucketWords[at]
            if value != 0 { return (at % words) << 6 | value.trailingZeroBitCount }
            at &+= 1
        }
        return nil
    }

    /// `gpus` GPUs of `type` over the fewest nodes, emptiest first.
    private func emptiestFirst(_ gpus: Int, type: Int) -> Placement? {
        guard typeFree[type] >= gpus, maxFree > 0 else { return nil }
        var shares: [Placement.Share] = []
        var needed = gpus
        for count in stride(from: maxFree, through: 1, by: -1) where needed > 0 {
            let first = bucket(type: type, free: count)
            for word in 0..<words where needed > 0 {
                var value = buckets[first + word]
                while value != 0 && needed > 0 {
                    let node = word << 6 | value.trailingZeroBitCount
                    value &= value - 1
                    let take = Swift.min(needed, count)
                    shares.append(.init(node: node, gpus: rows[node].free.lowest(take)))
                    needed -= take
                }
            }
        }
        return needed == 0 ? Placement(shares: shares) : nil
    }

    func allocate(_ placement: Placement) {
        change(placement, holding: true)
    }

    func release(_ placement: Placement) {
        change(placement, holding: false)
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
        let before = row.pointee.freeCount
        if holding {
            precondition(share.gpus.isSubset(of: row.pointee.free), "GPUs \(share.gpus) of node \(node) over-allocated")
            row.pointee.free.subtract(share.gpus)
        } else {
            precondition(share.gpus.isDisjoint(with: row.pointee.free), "GPUs \(share.gpus) of node \(node) released twice")
            row.pointee.free.formUnion(share.gpus)
        }
        let after = holding ? before &- count : before &+ count
        row.pointee.freeCount = after
        let bit: UInt64 = 1 << UInt64(node & 63), words = words
        let from = row.pointee.bucketWord &+ before &* words, to = row.pointee.bucketWord &+ after &* words
        precondition(from >= 0 && to >= 0 && from < buckets.count && to < buckets.count, "node \(node) outside the masks")
        let bucketWords = buckets.address(of: 0)
        bucketWords[from] &= ~bit
        bucketWords[to] |= bit
        typeFree[row.pointee.type] &+= after &- before
        freeTotal &+= after &- before
        if !row.pointee.changed {
            row.pointee.changed = true
            changedNodes.append(node)
        }
    }

    func hasRoom(for placement: Placement) -> Bool {
        placement.shares.allSatisfy { $0.gpus.isSubset(of: rows[$0.node].free) }
    }
}
