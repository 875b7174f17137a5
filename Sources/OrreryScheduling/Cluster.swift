import OrreryHardware

/// A run of identical nodes in the cluster description (`- type: DGX-A100, count: 4`).
public struct NodeGroup: Sendable, Equatable {
    public var node: NodeSpec
    public var count: Int

    public init(node: NodeSpec, count: Int) {
        self.node = node
        self.count = count
    }
}

/// One node as the scheduler needs it: what it is called, its GPUs and the host CPU and
/// memory jobs can reserve. Catalogue nodes (``NodeGroup``) and node lists read from
/// traces (Alibaba's `openb_node_list_*.csv`) both become these.
public struct SchedulerNode: Sendable, Equatable {
    public var name: String
    /// GPU model (catalogue or trace name); jobs restricted to a type match it
    /// case-insensitively.
    public var gpuType: String
    public var gpus: Int
    /// Host CPU in milli-cores and memory in MiB.
    public var cpuMilli: Int
    public var memoryMiB: Int

    public init(name: String, gpuType: String, gpus: Int, cpuMilli: Int, memoryMiB: Int) {
        self.name = name
        self.gpuType = gpuType
        self.gpus = gpus
        self.cpuMilli = cpuMilli
        self.memoryMiB = memoryMiB
    }

    /// The nodes of catalogue groups in order, named `<node type>#<position>`.
    public static func expanding(_ groups: [NodeGroup]) -> [SchedulerNode] {
        var nodes: [SchedulerNode] = []
        for group in groups {
            for _ in 0..<Swift.max(group.count, 0) {
                nodes.append(
                    SchedulerNode(
                        name: "\(group.node.name)#\(nodes.count)", gpuType: group.node.gpu.name, gpus: group.node.gpusPerNode,
                        cpuMilli: group.node.cpuCores * 1000, memoryMiB: group.node.hostMemoryBytes >> 20))
            }
        }
        return nodes
    }
}

/// The cluster as the scheduler sees it: nodes whose GPUs are free, shared or held, and
/// whose host CPU and memory jobs reserve.
///
/// Each GPU has 1,000 milli-GPUs of capacity; a job takes a whole GPU or, when it shares
/// one, a part of it (``ResourceRequest``). Node ids are positions in scenario order, so
/// placements and results are reproducible and readable (`DGX-A100#3`). Nodes are kept in
/// an index by their count of wholly free GPUs (``FreeCountIndex``) so placements that look
/// for "the fullest node with k free GPUs" do not scan the cluster.
///
/// Layout for copying: policies plan on a copy of the state (`var view = cluster`), so the
/// mutable parts are flat arrays of plain values (``Node`` holds no reference; the per-GPU
/// free capacities live in one array) and the names are immutable arrays every copy
/// shares. A copy that changes copies bytes, not reference counts.
public struct ClusterState: Sendable {
    public struct Node: Sendable {
        public let gpuCount: Int
        /// Position of the node's GPU model in ``ClusterState/gpuTypes``.
        public let typeIndex: Int
        /// Where the node's GPUs start in the cluster's per-GPU array.
        let firstGPU: Int
        /// Host capacity: CPU in milli-cores, memory in MiB.
        public let cpuMilli: Int
        public let memoryMiB: Int
        /// GPUs no job holds any part of: how many, and which (so a placement picks them
        /// without reading each GPU).
        public fileprivate(set) var freeCount: Int
        fileprivate(set) var freeGPUs: GPUSet
        /// Milli-GPUs free over all GPUs of the node.
        public fileprivate(set) var freeMilliTotal: Int
        public fileprivate(set) var freeCPUMilli: Int
        public fileprivate(set) var freeMemoryMiB: Int
        /// The kinds of job on the node (``ClusterState/kind(gpus:gpuMilli:)``); none once
        /// the cluster stops counting them (``ClusterState/countsJobKinds``).
        public fileprivate(set) var kinds = KindSlots()
    }

    public private(set) var nodes: [Node] = []
    /// Node names, parallel to ``nodes``.
    public let names: [String]
    /// Free milli-GPUs of every GPU, node after node (``Node/firstGPU``).
    private var gpuFree: [Int]
    /// The GPU models present, in order of first appearance.
    public let gpuTypes: [String]
    public let totalGPUs: Int
    /// GPUs with no capacity left (held whole, or shared until full). With whole-GPU jobs
    /// only, the GPUs allocated; with sharing, `totalGPUs − allocatedGPUs` counts the GPUs
    /// a job could still use a part of, so it bounds what any job can get.
    public private(set) var allocatedGPUs = 0
    /// GPU capacity held by jobs in milli-GPUs (whole GPUs count 1,000 each).
    public private(set) var allocatedMilliGPUs = 0
    /// The largest GPU count of any node.
    public let maxGPUsPerNode: Int
    /// Allocations and releases so far: a cheap, deterministic stamp of the state (used
    /// by the `random` placement to draw without a mutable generator).
    public private(set) var changes: UInt64 = 0
    /// Jobs counted without their kind (``KindSlots/others``) over all nodes.
    private var overflowedKinds = 0
    /// Whether nodes count the kinds of job they hold (``Node/kinds``).
    public private(set) var countsJobKinds = true
    private var index: FreeCountIndex

    public init(groups: [NodeGroup]) {
        self.init(nodes: SchedulerNode.expanding(groups))
    }

    public init(nodes list: [SchedulerNode]) {
        var types: [String] = []
        for spec in list where !types.contains(where: { GPUTypeName.same($0, spec.gpuType) }) {
            types.append(spec.gpuType)
        }
        var total = 0
        var widest = 0
        for spec in list {
            let count = Swift.max(spec.gpus, 0)
            let type = types.firstIndex { GPUTypeName.same($0, spec.gpuType) } ?? 0
            nodes.append(
                Node(
                    gpuCount: count, typeIndex: type, firstGPU: total, cpuMilli: spec.cpuMilli, memoryMiB: spec.memoryMiB,
                    freeCount: count, freeGPUs: GPUSet(0..<count), freeMilliTotal: count * ResourceRequest.wholeGPU, freeCPUMilli: spec.cpuMilli,
                    freeMemoryMiB: spec.memoryMiB))
            total += count
            widest = Swift.max(widest, count)
        }
        names = list.map(\.name)
        gpuFree = Array(repeating: ResourceRequest.wholeGPU, count: total)
        gpuTypes = types
        totalGPUs = total
        maxGPUsPerNode = widest
        index = FreeCountIndex(types: types.count, nodes: nodes.count, maxFree: widest)
        for (position, node) in nodes.enumerated() {
            index.insert(node: position, type: node.typeIndex, free: node.freeCount)
        }
    }

    /// Stops counting the kinds of job on nodes, and forgets the counts: for runs whose
    /// placement does not read them (``PlacementPolicy/readsJobKinds``), which a
    /// round-based policy changes millions of times.
    mutating func stopCountingJobKinds() {
        countsJobKinds = false
        for node in nodes.indices { nodes[node].kinds = KindSlots() }
        overflowedKinds = 0
    }

    /// The name of node `node` (`DGX-A100#3`, `openb-node-0007`).
    public func name(of node: Int) -> String { names[node] }

    /// The GPU model of node `node`.
    public func gpuType(of node: Int) -> String { gpuTypes[nodes[node].typeIndex] }

    /// Free milli-GPUs of each GPU of node `node` (1,000 when free).
    public func freeMilli(of node: Int) -> ArraySlice<Int> {
        let first = nodes[node].firstGPU
        return gpuFree[first..<(first + nodes[node].gpuCount)]
    }

    /// Free milli-GPUs of GPU `gpu` of node `node`.
    public func freeMilli(of node: Int, gpu: Int) -> Int { gpuFree[nodes[node].firstGPU + gpu] }

    /// Whether GPU `gpu` of node `node` is held, wholly or in part.
    public func isUsed(_ node: Int, gpu: Int) -> Bool { freeMilli(of: node, gpu: gpu) < ResourceRequest.wholeGPU }

    /// GPUs of `gpuType` (or of any type when nil) in the whole cluster.
    public func capacity(gpuType: String?) -> Int {
        guard let type = typeIndex(for: gpuType) else { return totalGPUs }
        return nodes.reduce(0) { $0 + ($1.typeIndex == type ? $1.gpuCount : 0) }
    }

    /// Whether node `node` has GPUs of `gpuType` (any type matches nil).
    public func matches(_ node: Int, _ gpuType: String?) -> Bool {
        gpuType.map { GPUTypeName.same(gpuTypes[nodes[node].typeIndex], $0) } ?? true
    }

    /// Whether a node of type index `type` may take a request resolved by
    /// ``typeIndex(for:)`` to `wanted` (nil: any type).
    static func matches(type: Int, _ wanted: Int?) -> Bool { wanted.map { $0 == type } ?? true }

    /// The type index a request for `gpuType` may use: nil for any type, -1 for a type
    /// the cluster does not have (no node matches).
    func typeIndex(for gpuType: String?) -> Int? {
        guard let gpuType else { return nil }
        return gpuTypes.firstIndex { GPUTypeName.same($0, gpuType) } ?? -1
    }

    /// GPUs held by jobs, wholly or in part.
    public var usedGPUs: Int { totalGPUs - index.free(type: nil) }

    /// Wholly free GPUs of `gpuType` (any type when nil), from the index.
    public func freeGPUs(ofType gpuType: String?) -> Int {
        index.free(type: typeIndex(for: gpuType))
    }

    /// Wholly free GPUs of the type at `typeIndex` in ``gpuTypes`` (any type when nil).
    func freeGPUs(typeIndex: Int?) -> Int { index.free(type: typeIndex) }

    /// Whether a node of the request's type could ever hold `request` on its own, when
    /// empty: enough GPUs, and host CPU and memory.
    public func canEverHoldOnOneNode(_ request: ResourceRequest) -> Bool {
        let wanted = typeIndex(for: request.gpuType)
        return nodes.contains { node in
            Self.matches(type: node.typeIndex, wanted) && node.gpuCount >= request.gpus && node.cpuMilli >= request.cpuMilli
                && node.memoryMiB >= request.memoryMiB
        }
    }

    /// Whether `node`'s host has room for `cpuMilli` and `memoryMiB` now.
    func hostFits(_ node: Int, cpuMilli: Int, memoryMiB: Int) -> Bool {
        nodes[node].freeCPUMilli >= cpuMilli && nodes[node].freeMemoryMiB >= memoryMiB
    }

    /// Whether `share`, at `gpuMilli` milli-GPUs on each of its GPUs, could be held on its
    /// node now (host included). Whole GPUs are one test of the set against the node's
    /// wholly free GPUs, where reading each GPU's free milli-GPUs took a load per GPU (a
    /// round-based pass asks this of every run it stops).
    func hasRoom(for share: Placement.Share, gpuMilli: Int) -> Bool {
        guard hostFits(share.node, cpuMilli: share.cpuMilli, memoryMiB: share.memoryMiB) else { return false }
        if gpuMilli == ResourceRequest.wholeGPU { return share.gpus.isSubset(of: nodes[share.node].freeGPUs) }
        return share.gpus.allSatisfy { freeMilli(of: share.node, gpu: $0) >= gpuMilli }
    }

    /// A job's kind for grouping: its share in milli-GPUs (1…999) when it shares a GPU,
    /// else 1,000 × its GPU count.
    public static func kind(gpus: Int, gpuMilli: Int) -> Int {
        gpuMilli < ResourceRequest.wholeGPU ? gpuMilli : ResourceRequest.wholeGPU * gpus
    }

    /// Marks the placement's GPU shares, CPU and memory held. The placement must come
    /// from a policy that read this state; anything else is a programming error.
    public mutating func allocate(_ placement: Placement) {
        change(placement, holding: true)
    }

    public mutating func release(_ placement: Placement) {
        change(placement, holding: false)
    }

    /// Holds (or, not `holding`, releases) every share of `placement`, and counts the
    /// change. A placement of whole GPUs on one node, the form a round-based policy
    /// allocates and releases millions of times, skips the walk over shares. Inlined in
    /// both callers, so each is compiled for its own direction.
    @inline(__always)
    private mutating func change(_ placement: Placement, holding: Bool) {
        if let share = placement.wholeGPUsOnOneNode {
            let kind = Self.kind(gpus: placement.gpuCount, gpuMilli: ResourceRequest.wholeGPU)
            changeWholeGPUs(share, gpus: placement.gpuCount, kind: kind, holding: holding)
        } else {
            changeEveryShare(of: placement, holding: holding)
        }
        changes &+= 1
        checkInvariants()
    }

    private mutating func changeEveryShare(of placement: Placement, holding: Bool) {
        let milli = placement.gpuMilli
        let kind = Self.kind(gpus: placement.gpuCount, gpuMilli: milli)
        for share in placement.shares {
            if milli == ResourceRequest.wholeGPU {
                changeWholeGPUs(share, gpus: placement.gpuCount(of: share), kind: kind, holding: holding)
            } else {
                changeSharedGPUs(share, milli: milli, kind: kind, holding: holding)
            }
        }
    }

    /// Holds (or, not `holding`, releases) one share of a placement of shared GPUs:
    /// `milli` milli-GPUs of each of its GPUs, and its host CPU and memory. The node's row
    /// and its GPUs are changed through the arrays' buffers, so each array's uniqueness is
    /// checked once.
    private mutating func changeSharedGPUs(_ share: Placement.Share, milli: Int, kind: Int, holding: Bool) {
        let node = share.node
        precondition(nodes.indices.contains(node), "node \(node) is not in the cluster")
        let sign = holding ? -1 : 1, counting = countsJobKinds
        // GPUs that became full (holding) or stopped being full (releasing).
        var fullChange = 0
        let (before, after, type, overflowed) = nodes.withUnsafeMutableBufferPointer { nodes in
            gpuFree.withUnsafeMutableBufferPointer { gpuFree in
                let row = nodes.baseAddress! + node
                let before = row.pointee.freeCount
                let first = row.pointee.firstGPU
                for gpu in share.gpus {
                    precondition(gpu < row.pointee.gpuCount, "GPU \(gpu) is not on node \(node)")
                    let free = gpuFree[first + gpu]
                    let left = free + sign * milli
                    precondition(left >= 0, "GPU \(gpu) of node \(node) over-allocated")
                    precondition(left <= ResourceRequest.wholeGPU, "GPU \(gpu) of node \(node) released twice")
                    if free == ResourceRequest.wholeGPU || left == ResourceRequest.wholeGPU {
                        row.pointee.freeCount += sign
                        if holding { row.pointee.freeGPUs.subtract([gpu]) } else { row.pointee.freeGPUs.formUnion([gpu]) }
                    }
                    if left == 0 || free == 0 { fullChange += 1 }
                    gpuFree[first + gpu] = left
                }
                row.pointee.freeMilliTotal += sign * milli * share.gpus.count
                row.pointee.freeCPUMilli += sign * share.cpuMilli
                row.pointee.freeMemoryMiB += sign * share.memoryMiB
                return (before, row.pointee.freeCount, row.pointee.typeIndex, Self.countKind(kind, on: row, holding: holding, counting: counting))
            }
        }
        allocatedGPUs -= sign * fullChange
        allocatedMilliGPUs -= sign * milli * share.gpus.count
        overflowedKinds += overflowed
        index.move(node: node, type: type, from: before, to: after)
    }

    /// Holds (or, not `holding`, releases) one share of a placement of whole GPUs: its
    /// `gpus` GPUs, all wholly free before and full after or the reverse, and its host
    /// CPU and memory. Sums bounded by the cluster's GPUs and hosts are added without
    /// overflow checks.
    private mutating func changeWholeGPUs(_ share: Placement.Share, gpus: Int, kind: Int, holding: Bool) {
        let node = share.node
        precondition(nodes.indices.contains(node), "node \(node) is not in the cluster")
        let sign = holding ? -1 : 1, counting = countsJobKinds
        let (before, after, type, first, overflowed) = nodes.withUnsafeMutableBufferPointer { nodes in
            let row = nodes.baseAddress! + node
            row.pointee.freeGPUs.change(share.gpus, holding: holding, node: node)
            precondition(share.gpus.isBelow(row.pointee.gpuCount), "GPUs \(share.gpus) are not all on node \(node)")
            let before = row.pointee.freeCount
            row.pointee.freeCount &+= sign &* gpus
            row.pointee.freeMilliTotal &+= sign &* ResourceRequest.wholeGPU &* gpus
            row.pointee.freeCPUMilli &+= sign &* share.cpuMilli
            row.pointee.freeMemoryMiB &+= sign &* share.memoryMiB
            return (before, row.pointee.freeCount, row.pointee.typeIndex, row.pointee.firstGPU, Self.countKind(kind, on: row, holding: holding, counting: counting))
        }
        let left = holding ? 0 : ResourceRequest.wholeGPU
        gpuFree.withUnsafeMutableBufferPointer { gpuFree in
            for gpu in share.gpus { gpuFree[first &+ gpu] = left }
        }
        allocatedGPUs &-= sign &* gpus
        allocatedMilliGPUs &-= sign &* ResourceRequest.wholeGPU &* gpus
        overflowedKinds &+= overflowed
        index.move(node: node, type: type, from: before, to: after)
    }

    /// Adds (or, not `holding`, removes) a job of `kind` on the node at `row`, if
    /// `counting` (``countsJobKinds``): how many more jobs the node then counts without
    /// their kind.
    @inline(__always)
    private static func countKind(_ kind: Int, on row: UnsafeMutablePointer<Node>, holding: Bool, counting: Bool) -> Int {
        guard counting else { return 0 }
        let overflowed = row.pointee.kinds.others
        if holding { row.pointee.kinds.add(kind) } else { row.pointee.kinds.remove(kind) }
        return Int(row.pointee.kinds.others) - Int(overflowed)
    }

    /// Becomes `planned`, a copy of this state on which a pass released `released`
    /// placements and allocated `allocated` (in any order, perhaps releasing and taking
    /// back others too), exactly as if those releases and then those allocations had
    /// been made here: the same placements held give the same free GPUs, hosts and
    /// index, and the change count is set to match. The kinds on each node match too
    /// unless some node holds more kinds than it has slots, before or after: then which
    /// kinds it counts depends on the order of the changes, and this returns false
    /// without changing anything. Saves making a pass's changes twice (on its view,
    /// then here).
    mutating func adopt(_ planned: ClusterState, released: Int, allocated: Int) -> Bool {
        guard overflowedKinds == 0, planned.overflowedKinds == 0 else { return false }
        let before = changes
        self = planned
        recountChanges(from: before, released: released, allocated: allocated)
        checkInvariants()
        return true
    }

    /// The nodes by type and count of wholly free GPUs (a copy: its storage is copied at
    /// its first change).
    var freeCountIndex: FreeCountIndex { index }

    /// Whether no GPU is held in part (every GPU wholly free or wholly held).
    var holdsNoSharedGPU: Bool { allocatedMilliGPUs == allocatedGPUs &* ResourceRequest.wholeGPU }

    /// Makes `free`, `count` GPUs, the wholly free GPUs of `node`, whose GPUs are each
    /// wholly free or wholly held before and after, its host reservations unchanged: how
    /// a round made on ``WholeGPUMasks`` writes back each node it changed, once. Only the
    /// GPUs whose state changed are written. The change count is the caller's
    /// (``countChanges(_:)``).
    mutating func setWholeGPUsFree(_ free: GPUSet, count after: Int, node: Int) {
        precondition(nodes.indices.contains(node), "node \(node) is not in the cluster")
        let (before, freed, taken, type, first, gpus) = nodes.withUnsafeMutableBufferPointer { nodes in
            let row = nodes.baseAddress! + node
            precondition(free.isBelow(row.pointee.gpuCount), "GPUs \(free) are not all on node \(node)")
            precondition(row.pointee.freeMilliTotal == row.pointee.freeCount &* ResourceRequest.wholeGPU, "node \(node) has a shared GPU")
            assert(free.count == after, "\(after) GPUs counted in \(free)")
            let before = row.pointee.freeCount, old = row.pointee.freeGPUs
            row.pointee.freeGPUs = free
            row.pointee.freeCount = after
            row.pointee.freeMilliTotal = after &* ResourceRequest.wholeGPU
            return (before, free.subtracting(old), old.subtracting(free), row.pointee.typeIndex, row.pointee.firstGPU, row.pointee.gpuCount)
        }
        gpuFree.withUnsafeMutableBufferPointer { gpuFree in
            precondition(first >= 0 && first + gpus <= gpuFree.count, "node \(node) outside the per-GPU array")
            for gpu in freed { gpuFree[first &+ gpu] = ResourceRequest.wholeGPU }
            for gpu in taken { gpuFree[first &+ gpu] = 0 }
        }
        allocatedGPUs &-= after &- before
        allocatedMilliGPUs &-= (after &- before) &* ResourceRequest.wholeGPU
        index.move(node: node, type: type, from: before, to: after)
    }

    /// Counts `count` changes made elsewhere and written back here
    /// (``setWholeGPUsFree(_:count:node:)``).
    mutating func countChanges(_ count: Int) {
        changes &+= UInt64(count)
        checkInvariants()
    }

    /// Sets the change count to `before` plus `released` and `allocated`: the count after
    /// a pass that made those changes here in its own order (perhaps releasing and taking
    /// back others too), as if it had made only those releases and then those
    /// allocations. Which kinds the nodes count may differ from that order's
    /// (``adopt(_:released:allocated:)``): only for passes whose placement does not read
    /// them (``PlacementPolicy/readsJobKinds``).
    mutating func recountChanges(from before: UInt64, released: Int, allocated: Int) {
        changes = before &+ UInt64(released + allocated)
    }

    /// Takes back `placements`, the last allocations made on this state, newest first:
    /// the state is as if they had never been made, change count included, so a pass
    /// tried on the state itself and abandoned leaves nothing a placement could read.
    mutating func undoAllocations(_ placements: [Placement]) {
        for placement in placements.reversed() { release(placement) }
        changes &-= 2 &* UInt64(placements.count)
    }

    /// The kinds of job a node counted before a trial changed it
    /// (``releaseForTrial(_:saving:)``).
    struct SavedKinds {
        var node: Int
        var kinds: KindSlots
    }

    /// Releases `placement` for a trial the caller may abandon
    /// (``undoReleases(_:restoring:)``), first noting in `saved` the kinds its nodes count:
    /// taking the placements back restores everything else, but not which kinds a node
    /// that holds more kinds than it has slots counts (a kind put back may take the slot
    /// another kind had).
    mutating func releaseForTrial(_ placement: Placement, saving saved: inout [SavedKinds]) {
        if countsJobKinds {
            for share in placement.shares { saved.append(SavedKinds(node: share.node, kinds: nodes[share.node].kinds)) }
        }
        release(placement)
    }

    /// Gives back `placements`, the last releases made on this state (each by
    /// ``releaseForTrial(_:saving:)``), newest first, and the kinds `saved` then: the state
    /// is as if they had never been released, change count and kinds included, so a
    /// preemption trial made on the state itself and abandoned leaves nothing behind.
    mutating func undoReleases(_ placements: [Placement], restoring saved: [SavedKinds]) {
        for placement in placements.reversed() { allocate(placement) }
        changes &-= 2 &* UInt64(placements.count)
        // Newest first, so each node ends with the kinds it had before the first release.
        for entry in saved.reversed() {
            overflowedKinds += Int(entry.kinds.others) - Int(nodes[entry.node].kinds.others)
            nodes[entry.node].kinds = entry.kinds
        }
        checkInvariants()
    }

    /// The lowest-numbered `count` wholly free GPUs of `node`.
    public func freeGPUs(of node: Int, count: Int) -> GPUSet {
        nodes[node].freeGPUs.lowest(count)
    }

    /// Nodes with exactly `free` wholly free GPUs whose type is `type` (any when nil), in
    /// index order, from the index: `body` returns true to stop.
    func forEachNode(type: Int?, free: Int, _ body: (Int) -> Bool) {
        index.forEach(type: type, free: free, body)
    }

    /// The lowest-numbered node of type index `type` among those with the fewest wholly
    /// free GPUs, `gpus` or more, from the index.
    func fullestNode(type: Int, free gpus: Int) -> Int? {
        index.fullestNode(type: type, free: gpus)
    }

    private func checkInvariants() {
        #if ORRERY_INTERNAL_CHECKS
        var full = 0
        var held = 0
        for (position, node) in nodes.enumerated() {
            let free = freeMilli(of: position)
            let name = names[position]
            precondition(node.freeCount == free.count { $0 == ResourceRequest.wholeGPU }, "free count out of step on \(name)")
            precondition(
                node.freeGPUs == GPUSet(free.indices.filter { free[$0] == ResourceRequest.wholeGPU }.map { $0 - free.startIndex }),
                "free GPUs out of step on \(name)")
            precondition(node.freeMilliTotal == free.reduce(0, +), "free milli-GPUs out of step on \(name)")
            precondition(node.freeCPUMilli >= 0 && node.freeMemoryMiB >= 0, "host resources over-allocated on \(name)")
            precondition(index.contains(node: position, type: node.typeIndex, free: node.freeCount), "free-count index out of step on \(name)")
            full += free.count { $0 == 0 }
            held += node.gpuCount * ResourceRequest.wholeGPU - node.freeMilliTotal
        }
        precondition(full == allocatedGPUs, "cluster allocation count out of step")
        precondition(overflowedKinds == nodes.reduce(0) { $0 + Int($1.kinds.others) }, "count of jobs without their kind out of step")
        precondition(held == allocatedMilliGPUs, "cluster milli-GPU count out of step")
        #endif
    }
}
