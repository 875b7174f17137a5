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

/// The cluster as the scheduler sees it: nodes with whole GPUs, each free or allocated.
///
/// Node ids are positions in scenario order (group by group), so placements and
/// results are reproducible and readable (`DGX-A100#3`).
public struct ClusterState: Sendable {
    public struct Node: Sendable {
        public let name: String
        public let gpuType: String
        public let gpuCount: Int
        /// `allocated[i]` is true while GPU i of this node is held by a job.
        public fileprivate(set) var allocated: [Bool]
        public fileprivate(set) var freeCount: Int
    }

    public private(set) var nodes: [Node] = []
    public let totalGPUs: Int
    public private(set) var allocatedGPUs = 0

    public init(groups: [NodeGroup]) {
        var total = 0
        for group in groups {
            for _ in 0..<Swift.max(group.count, 0) {
                let count = group.node.gpusPerNode
                nodes.append(
                    Node(
                        name: "\(group.node.name)#\(nodes.count)", gpuType: group.node.gpu.name,
                        gpuCount: count, allocated: Array(repeating: false, count: count),
                        freeCount: count))
                total += count
            }
        }
        totalGPUs = total
    }

    /// GPUs of `gpuType` (or of any type when nil) in the whole cluster.
    public func capacity(gpuType: String?) -> Int {
        nodes.reduce(0) { $0 + (Self.matches($1, gpuType) ? $1.gpuCount : 0) }
    }

    static func matches(_ node: Node, _ gpuType: String?) -> Bool {
        gpuType.map { node.gpuType.caseInsensitiveCompare($0) == .orderedSame } ?? true
    }

    /// Marks the placement's GPUs allocated. The placement must come from a policy
    /// that read this state; anything else is a programming error.
    public mutating func allocate(_ placement: Placement) {
        for share in placement.shares {
            for gpu in share.gpus {
                precondition(!nodes[share.node].allocated[gpu], "GPU \(gpu) of node \(share.node) double-allocated")
                nodes[share.node].allocated[gpu] = true
            }
            nodes[share.node].freeCount -= share.gpus.count
            allocatedGPUs += share.gpus.count
        }
        checkInvariants()
    }

    public mutating func release(_ placement: Placement) {
        for share in placement.shares {
            for gpu in share.gpus {
                precondition(nodes[share.node].allocated[gpu], "GPU \(gpu) of node \(share.node) released twice")
                nodes[share.node].allocated[gpu] = false
            }
            nodes[share.node].freeCount += share.gpus.count
            allocatedGPUs -= share.gpus.count
        }
        checkInvariants()
    }

    /// The lowest-numbered `count` free GPUs of `node`.
    public func freeGPUs(of node: Int, count: Int) -> [Int] {
        var picked: [Int] = []
        picked.reserveCapacity(count)
        for (gpu, taken) in nodes[node].allocated.enumerated() where !taken {
            picked.append(gpu)
            if picked.count == count { break }
        }
        return picked
    }

    private func checkInvariants() {
        #if ORRERY_INTERNAL_CHECKS
        var allocated = 0
        for node in nodes {
            let held = node.allocated.reduce(0) { $0 + ($1 ? 1 : 0) }
            precondition(node.freeCount == node.gpuCount - held, "free count out of step on \(node.name)")
            allocated += held
        }
        precondition(allocated == allocatedGPUs, "cluster allocation count out of step")
        #endif
    }
}
