import OrreryFabric

/// The components a job's footprint exposes to failure: its GPUs, NICs, nodes, the leaf
/// switches its NICs are cabled to, and the job itself.
///
/// Nodes are the job's node slots `0..<nodeCount` (slot `n` holds ranks `n·g ..< (n+1)·g`);
/// a replacement node takes over the slot, so blast radii are fixed by the topology.
public struct FailureInventory: Sendable, Equatable {
    public let gpuCount: Int
    public let gpusPerNode: Int
    public let nodeCount: Int
    /// For each leaf switch the job touches (in leaf order), the node slots with a NIC on it.
    public let nodesUnderLeaf: [[Int]]

    public var leafCount: Int { nodesUnderLeaf.count }

    /// The footprint of `profile` placed on the first nodes of `topology`.
    public init(profile: TrainingRunProfile, topology: Topology) throws(ResilienceError) {
        guard profile.nodeCount <= topology.nodeCount else {
            throw .topologyTooSmall(jobNodes: profile.nodeCount, topologyNodes: topology.nodeCount)
        }
        guard profile.gpusPerNode == topology.gpusPerNode else {
            throw .invalidParameter(name: "profile.gpusPerNode", value: "\(profile.gpusPerNode)",
                                    expected: "the topology's \(topology.gpusPerNode) GPUs per node")
        }
        var byLeaf: [Int: [Int]] = [:]
        for rank in 0..<profile.gpuCount {
            // Ranks below the topology's GPU count always have a leaf.
            guard let leaf = try? topology.leaf(ofRank: rank) else { continue }
            let node = rank / profile.gpusPerNode
            if byLeaf[leaf]?.last != node { byLeaf[leaf, default: []].append(node) }
        }
        gpuCount = profile.gpuCount
        gpusPerNode = profile.gpusPerNode
        nodeCount = profile.nodeCount
        nodesUnderLeaf = byLeaf.keys.sorted().map { byLeaf[$0]! }
    }

    /// A footprint without a topology: leaves of `nodesPerLeaf` consecutive nodes.
    public init(gpuCount: Int, gpusPerNode: Int, nodesPerLeaf: Int) throws(ResilienceError) {
        guard gpuCount >= 1, gpusPerNode >= 1, gpuCount % gpusPerNode == 0 else {
            throw .invalidParameter(name: "inventory.gpuCount", value: "\(gpuCount)",
                                    expected: "a positive multiple of gpusPerNode (\(gpusPerNode))")
        }
        guard nodesPerLeaf >= 1 else {
            throw .invalidParameter(name: "inventory.nodesPerLeaf", value: "\(nodesPerLeaf)", expected: "at least 1")
        }
        self.gpuCount = gpuCount
        self.gpusPerNode = gpusPerNode
        let nodes = gpuCount / gpusPerNode
        nodeCount = nodes
        nodesUnderLeaf = stride(from: 0, to: nodes, by: nodesPerLeaf).map { Array($0..<min($0 + nodesPerLeaf, nodes)) }
    }

    /// How many components of `scope` the job exposes.
    public func count(of scope: ComponentScope) -> Int {
        switch scope {
        case .gpu, .nic: gpuCount
        case .node: nodeCount
        case .leafSwitch: leafCount
        case .job: 1
        }
    }

    /// The node slots taken down when component `index` of `scope` fails.
    public func blastRadius(of scope: ComponentScope, index: Int) -> [Int] {
        switch scope {
        case .gpu, .nic: [index / gpusPerNode]
        case .node: [index]
        case .leafSwitch: nodesUnderLeaf[index]
        case .job: []
        }
    }
}
