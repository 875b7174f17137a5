/// Where a job runs: some GPUs (whole, or a share of each) on each of one or more nodes,
/// with the host CPU and memory it reserves there.
///
/// A placement on one node, the usual case, is held inline: making, copying and freeing
/// one does not touch the heap (a round-based policy places millions of runs).
public struct Placement: Sendable, Equatable {
    public struct Share: Sendable, Equatable {
        /// Index into ``ClusterState/nodes``.
        public var node: Int
        /// GPU indices within the node.
        public var gpus: GPUSet
        /// Host CPU (milli-cores) and memory (MiB) reserved on this node.
        public var cpuMilli: Int = 0
        public var memoryMiB: Int = 0

        public init(node: Int, gpus: GPUSet, cpuMilli: Int = 0, memoryMiB: Int = 0) {
            self.node = node
            self.gpus = gpus
            self.cpuMilli = cpuMilli
            self.memoryMiB = memoryMiB
        }
    }

    /// The shares, node by node, in the order the placement took them.
    public struct Shares: RandomAccessCollection, Sendable, Equatable {
        /// The first share (node -1 when there is none), and those after it (nil when
        /// none: copying an empty array still retained and released its storage, several
        /// times per start and stop).
        fileprivate var head: Share
        fileprivate var rest: [Share]?

        fileprivate init(_ shares: [Share]) {
            head = shares.first ?? Share(node: -1, gpus: [])
            rest = shares.count > 1 ? Array(shares.dropFirst()) : nil
        }

        fileprivate init(one share: Share) {
            head = share
            rest = nil
        }

        public var startIndex: Int { 0 }
        public var endIndex: Int { head.node < 0 ? 0 : 1 + (rest?.count ?? 0) }

        public subscript(position: Int) -> Share {
            if position == 0 {
                precondition(head.node >= 0, "share 0 of an empty placement")
                return head
            }
            guard let rest else { preconditionFailure("share \(position) of a one-node placement") }
            return rest[position - 1]
        }
    }

    public private(set) var shares: Shares
    /// Milli-GPUs taken on each listed GPU: 1,000 for whole GPUs.
    public var gpuMilli: Int = ResourceRequest.wholeGPU
    /// GPUs over all shares: counted once, as it is read several times per start and
    /// stop (a population count is a dozen instructions without the CPU's own).
    public let gpuCount: Int

    public init(shares: [Share], gpuMilli: Int = ResourceRequest.wholeGPU) {
        self.shares = Shares(shares)
        self.gpuMilli = gpuMilli
        gpuCount = shares.reduce(0) { $0 + $1.gpus.count }
    }

    /// No GPUs anywhere: what per-job tables hold for a job that does not run (a plain
    /// value there is cheaper to copy than an optional placement).
    static let nowhere = Placement(shares: [])

    /// A placement on one node.
    public init(share: Share, gpuMilli: Int = ResourceRequest.wholeGPU) {
        shares = Shares(one: share)
        self.gpuMilli = gpuMilli
        gpuCount = share.gpus.count
    }

    /// A placement of `gpuCount` whole GPUs on one node, the count known to the caller
    /// (counting a set's bits is a dozen instructions without the CPU's own count).
    init(share: Share, gpuCount: Int) {
        assert(share.gpus.count == gpuCount, "\(gpuCount) GPUs counted in \(share.gpus)")
        shares = Shares(one: share)
        self.gpuCount = gpuCount
    }

    public var nodeCount: Int { shares.count }

    /// Whether the placement holds some GPU capacity: a GPU with none left (full) has no
    /// room for it.
    var holdsGPUs: Bool { gpuCount > 0 && gpuMilli > 0 }

    /// The one share of a placement of whole GPUs on one node, nil for any other: the
    /// form a round-based policy allocates and releases millions of times.
    var wholeGPUsOnOneNode: Share? {
        shares.rest == nil && shares.head.node >= 0 && gpuMilli == ResourceRequest.wholeGPU ? shares.head : nil
    }

    /// GPUs of `share`, one of this placement's: ``gpuCount`` when the placement has one
    /// node (counted once, where counting a set's bits costs a dozen instructions on the
    /// baseline x86-64 target).
    func gpuCount(of share: Share) -> Int { shares.rest == nil ? gpuCount : share.gpus.count }

    /// A compact, stable text form for results: `DGX-A100#0[0-7],DGX-A100#1[0-3]`; a
    /// shared GPU shows its share: `openb-node-0007[1:470m]`.
    public func summary(in cluster: ClusterState) -> String {
        // Written as UTF-8 bytes and decoded once: the model writes one for every start,
        // and building it from String pieces cost thousands of instructions.
        var text: [UInt8] = []
        text.reserveCapacity(24 * shares.count)
        for (position, share) in shares.enumerated() {
            if position > 0 { text.append(UInt8(ascii: ",")) }
            text.append(contentsOf: cluster.name(of: share.node).utf8)
            text.append(UInt8(ascii: "["))
            Self.appendRanges(share.gpus, to: &text)
            if gpuMilli < ResourceRequest.wholeGPU {
                text.append(UInt8(ascii: ":"))
                Self.appendDecimal(gpuMilli, to: &text)
                text.append(UInt8(ascii: "m"))
            }
            text.append(UInt8(ascii: "]"))
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends `gpus` as runs of consecutive indices: `0-3,6`.
    static func appendRanges(_ gpus: GPUSet, to text: inout [UInt8]) {
        var index = gpus.startIndex
        while index != gpus.endIndex {
            var end = index
            while gpus.contains(end + 1) { end += 1 }
            if index != gpus.startIndex { text.append(UInt8(ascii: ",")) }
            appendDecimal(index, to: &text)
            if end > index {
                text.append(UInt8(ascii: "-"))
                appendDecimal(end, to: &text)
            }
            index = gpus.index(after: end)
        }
    }

    /// Appends `value` (≥ 0) in decimal digits.
    static func appendDecimal(_ value: Int, to text: inout [UInt8]) {
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = Swift.max(0, value)
        while divisor > 0 {
            text.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}

/// Chooses GPUs for a job that needs them all at once, or says it cannot now.
public protocol PlacementPolicy: Sendable {
    func place(_ request: ResourceRequest, in cluster: ClusterState) -> Placement?
    /// `demand` on GPUs of the cluster's type `typeIndex` (``ClusterState/gpuTypes``):
    /// how a round-based policy places a job on the type it chose. The default places a
    /// request naming that type; policies with a faster way (no lookup of the type by
    /// name, per start) give their own.
    func place(_ demand: ResourceDemand, onType typeIndex: Int, in cluster: ClusterState) -> Placement?
    /// Whether the policy reads the kinds of job on nodes (``ClusterState/Node/kinds``).
    /// Once a node holds more kinds than it has slots, which kinds it counts depends on
    /// the order of the changes that led there; a pass whose placement does not read
    /// them may make its changes in its own order on the cluster itself instead of on a
    /// copy. False unless a policy says otherwise.
    var readsJobKinds: Bool { get }
    /// Whether the policy places whole GPUs without host demand by
    /// ``ConsolidatingPlacement``'s rule (the fullest node of the type that holds the job,
    /// else the emptiest nodes first; ties to the lower index; the lowest-numbered free
    /// GPUs): a round may then place such jobs on bitsets of its own
    /// (``WholeGPUMasks``). False unless a policy says otherwise.
    var consolidatesWholeGPUs: Bool { get }
}

extension PlacementPolicy {
    public var readsJobKinds: Bool { false }
    public var consolidatesWholeGPUs: Bool { false }

    public func place(_ demand: ResourceDemand, onType typeIndex: Int, in cluster: ClusterState) -> Placement? {
        place(Placement.restricted(ResourceRequest(demand), toType: typeIndex, in: cluster), in: cluster)
    }

    /// ``place(_:onType:in:)`` for the numbers of `request` (its names are not read).
    public func place(_ request: ResourceRequest, onType typeIndex: Int, in cluster: ClusterState) -> Placement? {
        place(request.demand, onType: typeIndex, in: cluster)
    }

    /// Whole GPUs without host demands: the common form for rigid GPU jobs.
    public func place(gpus: Int, gpuType: String?, in cluster: ClusterState) -> Placement? {
        place(ResourceRequest(gpus: gpus, gpuType: gpuType), in: cluster)
    }
}

/// Keeps a job's GPUs together: one node if any node can hold it (the fullest such
/// node, to leave whole nodes free for large jobs), otherwise the fewest nodes, taking
/// the emptiest nodes first. Ties go to the lower node index, so placement is
/// deterministic. A job sharing a GPU goes to the fullest GPU that still has room for
/// it (best fit), so shares pack onto few GPUs.
///
/// Whole-GPU requests read the cluster's free-count index: the fullest node with room is
/// the first node found walking the buckets from `gpus` free GPUs upwards, so a start
/// costs a few word scans whatever the cluster's size.
public struct ConsolidatingPlacement: PlacementPolicy {
    public init() {}

    public var consolidatesWholeGPUs: Bool { true }

    public func place(_ request: ResourceRequest, in cluster: ClusterState) -> Placement? {
        guard request.gpus > 0 else { return nil }
        if request.isFractional { return Placement.bestFitShare(request, in: cluster) }
        return Self.placeWholeGPUs(request.demand, type: cluster.typeIndex(for: request.gpuType), in: cluster)
    }

    public func place(_ demand: ResourceDemand, onType typeIndex: Int, in cluster: ClusterState) -> Placement? {
        guard demand.gpus > 0 else { return nil }
        if demand.gpuMilli < ResourceRequest.wholeGPU {
            return Placement.bestFitShare(Placement.restricted(ResourceRequest(demand), toType: typeIndex, in: cluster), in: cluster)
        }
        return Self.placeWholeGPUs(demand, type: typeIndex, in: cluster)
    }

    /// The rule for a whole-GPU `demand` (of `gpus` > 0) on nodes of type index `type`
    /// (nil: any): the fullest node that holds it, its lowest-numbered free GPUs;
    /// otherwise the emptiest nodes first. On the cluster, or on a round's bitsets
    /// (``WholeGPUMasks``).
    static func placeWholeGPUs(_ demand: ResourceDemand, type: Int?, in nodes: some WholeGPUNodes) -> Placement? {
        if let node = Placement.fullestNode(holding: demand, type: type, in: nodes) {
            // The node has `demand.gpus` free GPUs or more: the share takes exactly that many.
            let share = Placement.Share(
                node: node, gpus: nodes.freeGPUs(of: node, count: demand.gpus), cpuMilli: demand.cpuMilli, memoryMiB: demand.memoryMiB)
            return Placement(share: share, gpuCount: demand.gpus)
        }
        return Placement.emptiestFirst(demand, type: type, in: nodes)
    }
}

extension Placement {
    /// `request` for GPUs of the cluster's type `typeIndex` only.
    static func restricted(_ request: ResourceRequest, toType typeIndex: Int, in cluster: ClusterState) -> ResourceRequest {
        var typed = request
        typed.gpuType = cluster.gpuTypes[typeIndex]
        return typed
    }

    /// A whole-GPU request on one node: its lowest-numbered free GPUs, with the job's
    /// host demand.
    static func onOneNode(_ demand: ResourceDemand, node: Int, in cluster: ClusterState) -> Placement {
        Placement(
            share: Share(
                node: node, gpus: cluster.freeGPUs(of: node, count: demand.gpus), cpuMilli: demand.cpuMilli,
                memoryMiB: demand.memoryMiB))
    }

    /// The node of type index `type` (nil: any) with the fewest wholly free GPUs that
    /// holds the whole-GPU `request` on its own (host included), ties to the lower index;
    /// from the free-count index.
    static func fullestNode(holding request: ResourceDemand, type: Int?, in cluster: some WholeGPUNodes) -> Int? {
        // Without a host demand every node's host fits: the first node found is it.
        if let type, request.cpuMilli <= 0 && request.memoryMiB <= 0 { return cluster.fullestNode(type: type, free: request.gpus) }
        guard request.gpus <= cluster.maxGPUsPerNode else { return nil }
        var found: Int?
        for free in request.gpus...cluster.maxGPUsPerNode {
            cluster.forEachNode(type: type, free: free) { node in
                guard cluster.hostFits(node, cpuMilli: request.cpuMilli, memoryMiB: request.memoryMiB) else { return false }
                found = node
                return true
            }
            if found != nil { return found }
        }
        return nil
    }

    /// Takes wholly free GPUs emptiest node first (ties to the lower index) until the
    /// whole-GPU `request` is covered: the fewest nodes that can hold it. Each node also
    /// takes its part of the host demand (``ResourceRequest/hostShare(gpusOnNode:)``);
    /// nodes without room for it are passed over. Nil if the request cannot be covered.
    static func emptiestFirst(_ request: ResourceRequest, in cluster: ClusterState) -> Placement? {
        emptiestFirst(request.demand, type: cluster.typeIndex(for: request.gpuType), in: cluster)
    }

    /// ``emptiestFirst(_:in:)`` among the nodes of type index `type` (nil: any).
    static func emptiestFirst(_ request: ResourceDemand, type: Int?, in cluster: some WholeGPUNodes) -> Placement? {
        guard cluster.freeGPUs(typeIndex: type) >= request.gpus, cluster.maxGPUsPerNode > 0 else { return nil }
        var shares: [Share] = []
        var needed = request.gpus
        for free in stride(from: cluster.maxGPUsPerNode, through: 1, by: -1) where needed > 0 {
            cluster.forEachNode(type: type, free: free) { node in
                let take = Swift.min(needed, free)
                let host = request.hostShare(gpusOnNode: take)
                guard cluster.hostFits(node, cpuMilli: host.cpuMilli, memoryMiB: host.memoryMiB) else { return false }
                shares.append(Share(node: node, gpus: cluster.freeGPUs(of: node, count: take), cpuMilli: host.cpuMilli, memoryMiB: host.memoryMiB))
                needed -= take
                return needed == 0
            }
        }
        return needed == 0 ? Placement(shares: shares) : nil
    }

    /// Takes GPUs from `candidates`, emptiest node first (ties to the lower index), until
    /// `request` is covered: the fewest of those nodes that can hold it, each with its
    /// part of the host demand (nodes without room for it are passed over). Nil if the
    /// candidates cannot cover it.
    static func emptiestFirst(_ request: ResourceRequest, candidates: [Int], in cluster: ClusterState) -> Placement? {
        let ordered = candidates.sorted { a, b in
            let fa = cluster.nodes[a].freeCount, fb = cluster.nodes[b].freeCount
            return fa != fb ? fa > fb : a < b
        }
        var shares: [Placement.Share] = []
        var needed = request.gpus
        for node in ordered where needed > 0 {
            let take = Swift.min(needed, cluster.nodes[node].freeCount)
            let host = request.hostShare(gpusOnNode: take)
            guard take > 0, cluster.hostFits(node, cpuMilli: host.cpuMilli, memoryMiB: host.memoryMiB) else { continue }
            shares.append(.init(node: node, gpus: cluster.freeGPUs(of: node, count: take), cpuMilli: host.cpuMilli, memoryMiB: host.memoryMiB))
            needed -= take
        }
        return needed == 0 ? Placement(shares: shares) : nil
    }

    /// A shared-GPU request on the GPU with the least free capacity that still holds it
    /// (ties: lower node, then lower GPU), on a node with room for its host demand.
    static func bestFitShare(_ request: ResourceRequest, in cluster: ClusterState) -> Placement? {
        var best: (node: Int, gpu: Int)?
        var bestFree = Int.max
        let wanted = cluster.typeIndex(for: request.gpuType)
        for (position, node) in cluster.nodes.enumerated()
        where node.freeMilliTotal >= request.gpuMilli && ClusterState.matches(type: node.typeIndex, wanted)
            && cluster.hostFits(position, cpuMilli: request.cpuMilli, memoryMiB: request.memoryMiB)
        {
            for gpu in 0..<node.gpuCount {
                let free = cluster.freeMilli(of: position, gpu: gpu)
                guard free >= request.gpuMilli, free < bestFree else { continue }
                best = (position, gpu)
                bestFree = free
            }
            if bestFree == request.gpuMilli { break }
        }
        return best.map { shared(request, node: $0.node, gpu: $0.gpu) }
    }

    /// A shared-GPU request on GPU `gpu` of `node`.
    static func shared(_ request: ResourceRequest, node: Int, gpu: Int) -> Placement {
        Placement(
            share: Share(node: node, gpus: [gpu], cpuMilli: request.cpuMilli, memoryMiB: request.memoryMiB),
            gpuMilli: request.gpuMilli)
    }
}
