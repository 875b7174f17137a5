import OrreryHardware
import OrreryKernel

/// A cluster network built from parameters: scale-up domains (an NVSwitch per node, or a
/// rack-scale NVL72 domain), optional PCIe between each GPU and its NIC, one NIC per GPU,
/// a two- or three-tier scale-out network, and optionally a separate storage network
/// (see `docs/fabric.md`, "Topologies").
///
/// Links are directed (one per direction), numbered densely from 0 in a fixed layout, so
/// ``install(into:)-(FlowNetwork)`` on an empty network makes ``LinkID``s that match
/// ``links`` index for index. Routes are deterministic: shortest paths, with the switch
/// among equal-cost paths chosen by ``StableHash`` of (source, destination, flow).
public struct Topology: Sendable {
    public let nodeSpec: NodeSpec
    public let nodeCount: Int
    public let design: TopologyDesign
    /// Every directed link; `links[i]` is `LinkID(index: i)` once installed.
    public let links: [TopologyLink]

    /// Downlink ports of one leaf (NICs it is designed for, whether or not all are filled).
    public let portsPerLeaf: Int
    public let leafCount: Int
    /// Leaves a full pod holds (all leaves, with two tiers).
    public let leavesPerPod: Int
    /// Pods (1 with two tiers).
    public let podCount: Int
    public let spinesPerPod: Int
    /// Cores per plane (0 with two tiers); plane `s` joins spine `s` of every pod.
    public let coresPerPlane: Int
    /// Capacity of one leaf→spine (and one spine→leaf) link, bytes/s.
    public let leafSpineLinkBytesPerSecond: Double
    /// Capacity of one spine→core (and core→spine) link, bytes/s (0 with two tiers).
    public let spineCoreLinkBytesPerSecond: Double
    /// The storage network's shape, when there is one.
    public let storage: StorageLayout?

    let layout: LinkLayout
    let ranks: RankMap
    let cache = RouteCache()

    /// GPUs per node (also the number of rails: one NIC per GPU).
    public var gpusPerNode: Int { nodeSpec.gpusPerNode }
    public var gpuCount: Int { nodeCount * gpusPerNode }
    public var scaleOut: ScaleOutFabric { design.scaleOut }
    /// The leaf tier's downlink / uplink ratio.
    public var oversubscription: Double { design.oversubscription.leaf }
    /// Switch tiers of the compute network: 2 or 3.
    public var tiers: Int { design.tiers }
    /// All spines: `podCount × spinesPerPod`.
    public var spineCount: Int { podCount * spinesPerPod }
    /// All cores: `spinesPerPod × coresPerPlane` (0 with two tiers).
    public var coreCount: Int { spinesPerPod * coresPerPlane }
    /// Nodes in one scale-up domain (from the node: 1 for DGX, 18 for GB200 NVL72 trays).
    public var nodesPerScaleUpDomain: Int { nodeSpec.nodesPerScaleUpDomain }
    public var scaleUpDomainCount: Int { (nodeCount + nodesPerScaleUpDomain - 1) / nodesPerScaleUpDomain }
    /// NIC line rate in bytes/s.
    public var nicBytesPerSecond: Double { nodeSpec.nicBandwidthBitsPerSecond / 8 }
    /// The GPU–NIC PCIe rate, bytes/s per direction, when the node has that hop.
    public var pcieBytesPerSecond: Double? { nodeSpec.nicPCIe?.x16BytesPerSecond }

    /// Builds a two-tier topology (the form kept for callers that need no more).
    /// - Parameters:
    ///   - oversubscription: leaf downlink / uplink capacity (any finite ratio > 0).
    ///   - spines: spine switches; nil for `ceil(portsPerLeaf / oversubscription)`.
    ///   - scaleUpLatency, accessLatency, coreLatency: per-link latencies (0: not calibrated).
    public init(
        nodes: Int, node: NodeSpec, scaleOut: ScaleOutFabric, oversubscription: Double = 1,
        spines: Int? = nil, scaleUpLatency: SimTime = .zero, accessLatency: SimTime = .zero,
        coreLatency: SimTime = .zero
    ) throws(TopologyError) {
        var latency = TopologyLatencies()
        latency.scaleUp = scaleUpLatency
        latency.access = accessLatency
        latency.leafSpine = coreLatency
        try self.init(
            nodes: nodes, node: node,
            design: TopologyDesign(
                scaleOut: scaleOut, oversubscription: Oversubscription(leaf: oversubscription),
                spinesPerPod: spines, latency: latency))
    }

    /// Builds a topology of `nodes` servers of one model wired as `design` says.
    /// - Throws: ``TopologyError/invalidParameter(name:value:expected:)`` naming the first
    ///   parameter that cannot be built.
    public init(nodes: Int, node: NodeSpec, design: TopologyDesign) throws(TopologyError) {
        let shape = try TopologyShape(nodes: nodes, node: node, design: design)
        let storage = try design.storage.map { storage throws(TopologyError) in
            try StorageLayout(nodes: nodes, design: storage)
        }
        let layout = try LinkLayout(
            shape: shape, gpus: nodes * node.gpusPerNode, hasPCIe: node.nicPCIe != nil, storage: storage)
        self.nodeSpec = node
        self.nodeCount = nodes
        self.design = design
        self.portsPerLeaf = shape.portsPerLeaf
        self.leafCount = shape.leafCount
        self.leavesPerPod = shape.leavesPerPod
        self.podCount = shape.podCount
        self.spinesPerPod = shape.spinesPerPod
        self.coresPerPlane = shape.coresPerPlane
        self.leafSpineLinkBytesPerSecond = shape.leafSpineLinkBytesPerSecond
        self.spineCoreLinkBytesPerSecond = shape.spineCoreLinkBytesPerSecond
        self.storage = storage
        self.layout = layout
        self.ranks = RankMap(nodes: nodes, node: node, scaleOut: design.scaleOut)
        self.links = TopologyBuilder(nodes: nodes, shape: shape, node: node, design: design, storage: storage, layout: layout).links()
    }

    // MARK: Addressing

    /// The global rank of a GPU: `node × gpusPerNode + local`.
    public func rank(of gpu: GPUAddress) throws(TopologyError) -> Int {
        guard (0..<nodeCount).contains(gpu.node), (0..<gpusPerNode).contains(gpu.local) else {
            throw .gpuOutOfRange(gpu.description)
        }
        return gpu.node * gpusPerNode + gpu.local
    }

    /// The address of a global rank.
    public func address(ofRank rank: Int) throws(TopologyError) -> GPUAddress {
        try checkRank(rank)
        return GPUAddress(node: rank / gpusPerNode, local: rank % gpusPerNode)
    }

    /// The scale-up (NVLink) domain of a GPU: GPUs in one domain talk over NVLink without
    /// touching the scale-out network. A domain is a node, or `nodesPerScaleUpDomain`
    /// consecutive nodes (an NVL72 rack's trays).
    public func scaleUpDomain(ofRank rank: Int) throws(TopologyError) -> Int {
        try checkRank(rank)
        return domain(rank)
    }

    /// The leaf a GPU's NIC is cabled to.
    public func leaf(ofRank rank: Int) throws(TopologyError) -> Int {
        try checkRank(rank)
        return leaf(rank)
    }

    /// The pod a GPU's leaf belongs to (0 with two tiers).
    public func pod(ofRank rank: Int) throws(TopologyError) -> Int {
        try checkRank(rank)
        return leaf(rank) / leavesPerPod
    }

    func checkRank(_ rank: Int) throws(TopologyError) {
        guard rank >= 0, rank < ranks.gpuCount else { throw .gpuOutOfRange("rank \(rank)") }
    }

    func domain(_ rank: Int) -> Int { rank / ranks.gpusPerDomain }

    func leaf(_ rank: Int) -> Int {
        ranks.nodesPerUnit > 0
            ? rank / ranks.gpusPerUnit * ranks.gpusPerNode + rank % ranks.gpusPerNode
            : rank / ranks.portsPerLeaf
    }

    /// The few integers routing reads per call, kept flat so a route touches no nested
    /// struct (a `NodeSpec` holds strings and a dictionary).
    struct RankMap: Sendable {
        let gpuCount: Int
        let gpusPerNode: Int
        let gpusPerDomain: Int
        /// Rail-optimised: nodes per scalable unit and GPUs per unit; 0 for leaf-spine.
        let nodesPerUnit: Int
        let gpusPerUnit: Int
        /// Leaf-spine: NICs per leaf; 0 for rail-optimised.
        let portsPerLeaf: Int

        init(nodes: Int, node: NodeSpec, scaleOut: ScaleOutFabric) {
            gpuCount = nodes * node.gpusPerNode
            gpusPerNode = node.gpusPerNode
            gpusPerDomain = node.gpusPerNode * node.nodesPerScaleUpDomain
            switch scaleOut {
            case .railOptimisedFatTree(let unit):
                nodesPerUnit = unit
                gpusPerUnit = unit * node.gpusPerNode
                portsPerLeaf = 0
            case .leafSpine(let perLeaf):
                nodesPerUnit = 0
                gpusPerUnit = 0
                portsPerLeaf = perLeaf
            }
        }
    }

    // MARK: Link ids (layout in `docs/fabric.md`, "Link layout")

    public func gpuToNVSwitch(rank: Int) -> LinkID { layout.rankLink(rank, 0) }
    public func nvSwitchToGPU(rank: Int) -> LinkID { layout.rankLink(rank, 1) }
    /// GPU→NIC over PCIe; nil when the node has no PCIe hop.
    public func gpuToNIC(rank: Int) -> LinkID? { layout.hasPCIe ? layout.rankLink(rank, 2) : nil }
    public func nicToGPU(rank: Int) -> LinkID? { layout.hasPCIe ? layout.rankLink(rank, 3) : nil }
    /// The access link from a GPU's NIC up to its leaf.
    public func gpuToLeaf(rank: Int) -> LinkID { layout.rankLink(rank, layout.accessOffset) }
    public func leafToGPU(rank: Int) -> LinkID { layout.rankLink(rank, layout.accessOffset + 1) }
    /// `spine` is the index within the leaf's pod (0 ..< spinesPerPod).
    public func leafToSpine(leaf: Int, spine: Int) -> LinkID {
        LinkID(index: Int32(layout.leafSpineBase + 2 * (leaf * spinesPerPod + spine)))
    }
    public func spineToLeaf(spine: Int, leaf: Int) -> LinkID {
        LinkID(index: Int32(layout.leafSpineBase + 2 * (leaf * spinesPerPod + spine) + 1))
    }
    /// Spine `spine` (index within `pod`) up to core `core` of its plane.
    public func spineToCore(pod: Int, spine: Int, core: Int) -> LinkID {
        LinkID(index: Int32(layout.spineCoreBase + 2 * ((pod * spinesPerPod + spine) * coresPerPlane + core)))
    }
    public func coreToSpine(pod: Int, spine: Int, core: Int) -> LinkID {
        LinkID(index: Int32(layout.spineCoreBase + 2 * ((pod * spinesPerPod + spine) * coresPerPlane + core) + 1))
    }

    /// The description of a link id handed out by this topology.
    public func link(_ id: LinkID) -> TopologyLink { links[Int(id.index)] }

    // MARK: Installing

    /// Adds every link, in order, to an empty network.
    /// - Throws: ``TopologyError/linkMismatch(_:)`` if the network already has links, or
    ///   the network's error if a link is refused.
    public func install(into network: FlowNetwork) throws {
        guard network.linkCount == 0 else {
            throw TopologyError.linkMismatch("install needs an empty network; it has \(network.linkCount) links")
        }
        for (index, link) in links.enumerated() {
            let id = try network.addLink(capacityBytesPerSecond: link.capacityBytesPerSecond, latency: link.latency)
            guard id.index == Int32(index) else {
                throw TopologyError.linkMismatch("link \(index) was given id \(id)")
            }
        }
    }

    /// Adds every link, in order, to a simulator whose network has no links yet.
    public func install(into simulator: NetworkSimulator) throws {
        for (index, link) in links.enumerated() {
            let id = try simulator.addLink(capacityBytesPerSecond: link.capacityBytesPerSecond, latency: link.latency)
            guard id.index == Int32(index) else {
                throw TopologyError.linkMismatch("link \(index) was given id \(id); the simulator was not empty")
            }
        }
    }
}
