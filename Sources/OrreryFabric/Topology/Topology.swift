import OrreryHardware
import OrreryKernel
import Synchronization

/// A GPU addressed by its node and its index inside the node.
public struct GPUAddress: Hashable, Sendable, CustomStringConvertible {
    public var node: Int
    public var local: Int

    public init(node: Int, local: Int) {
        self.node = node
        self.local = local
    }

    public var description: String { "gpu(\(node).\(local))" }
}

/// A switching or end point of a ``Topology``.
public enum TopologyVertex: Hashable, Sendable {
    /// A GPU, by global rank (`node × gpusPerNode + local`).
    case gpu(Int)
    /// The scale-up switch of a node (all of its NVSwitch chips modelled as one).
    case nvSwitch(node: Int)
    case leaf(Int)
    case spine(Int)
}

/// One directed link of a ``Topology``.
public struct TopologyLink: Hashable, Sendable {
    public enum Tier: String, Hashable, Sendable {
        /// GPU ↔ its node's NVSwitch, at the GPU's per-direction scale-up bandwidth.
        case scaleUp = "scale-up"
        /// GPU (NIC) ↔ leaf, at the NIC line rate.
        case access
        /// Leaf ↔ spine.
        case core
    }

    public let tier: Tier
    public let from: TopologyVertex
    public let to: TopologyVertex
    public let capacityBytesPerSecond: Double
    public let latency: SimTime
}

/// How the scale-out (compute) network is wired.
public enum ScaleOutFabric: Hashable, Sendable {
    /// Rail-optimised two-tier fat tree: NIC `r` of every node in a scalable unit of
    /// `nodesPerScalableUnit` nodes goes to leaf `r` of that unit; every leaf connects to
    /// every spine.
    case railOptimisedFatTree(nodesPerScalableUnit: Int)
    /// Plain leaf-spine: NICs fill leaves of `portsPerLeaf` downlinks in rank order;
    /// every leaf connects to every spine.
    case leafSpine(portsPerLeaf: Int)
}

/// Why a topology cannot be built or a GPU cannot be routed.
public enum TopologyError: Error, Equatable, CustomStringConvertible, Sendable {
    case invalidParameter(name: String, value: String, expected: String)
    case gpuOutOfRange(String)
    case unknownPreset(String)
    case linkMismatch(String)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let value, let expected):
            "invalid \(name) \(value): expected \(expected)"
        case .gpuOutOfRange(let gpu): "no such GPU: \(gpu)"
        case .unknownPreset(let name):
            "unknown topology preset \"\(name)\" (known: \(TopologyPreset.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .linkMismatch(let message): message
        }
    }
}

/// A cluster network built from parameters: nodes with an NVSwitch scale-up domain each,
/// one NIC per GPU, and a two-tier scale-out network (see `docs/fabric.md`, "Topologies").
///
/// Links are directed (one per direction), numbered densely from 0 in a fixed layout, so
/// ``install(into:)-(FlowNetwork)`` on an empty network makes ``LinkID``s that match
/// ``links`` index for index. Routes are deterministic: shortest paths, with the spine
/// among equal-cost paths chosen by ``StableHash`` of (source, destination, flow).
public struct Topology: Sendable {
    public let nodeSpec: NodeSpec
    public let nodeCount: Int
    public let scaleOut: ScaleOutFabric
    /// Leaf downlink capacity / leaf uplink capacity.
    public let oversubscription: Double
    public let spineCount: Int
    public let leafCount: Int
    /// Every directed link; `links[i]` is `LinkID(index: i)` once installed.
    public let links: [TopologyLink]

    /// GPUs per node (also the number of rails: one NIC per GPU).
    public var gpusPerNode: Int { nodeSpec.gpusPerNode }
    public var gpuCount: Int { nodeCount * gpusPerNode }
    /// Downlink ports of one leaf (NICs it is designed for, whether or not all are filled).
    public let portsPerLeaf: Int
    /// Capacity of one leaf→spine (and one spine→leaf) link, bytes/s.
    public let coreLinkBytesPerSecond: Double
    /// NIC line rate in bytes/s.
    public var nicBytesPerSecond: Double { nodeSpec.nicBandwidthBitsPerSecond / 8 }

    private let cache = RouteCache()

    /// Builds a topology.
    /// - Parameters:
    ///   - nodes: number of nodes (≥ 1).
    ///   - node: the server model; GPUs and NIC rate come from it (one NIC per GPU).
    ///   - scaleOut: the scale-out wiring.
    ///   - oversubscription: leaf downlink / uplink capacity (≥ 1 is usual; any > 0 is accepted).
    ///   - spines: spine switches; defaults to `ceil(portsPerLeaf / oversubscription)`, i.e.
    ///     one NIC-rate uplink per spine when the ratio divides the port count.
    ///   - scaleUpLatency, accessLatency, coreLatency: per-link latencies (default 0; not calibrated).
    public init(
        nodes: Int, node: NodeSpec, scaleOut: ScaleOutFabric, oversubscription: Double = 1,
        spines: Int? = nil, scaleUpLatency: SimTime = .zero, accessLatency: SimTime = .zero,
        coreLatency: SimTime = .zero
    ) throws(TopologyError) {
        guard nodes >= 1 else {
            throw .invalidParameter(name: "node count", value: "\(nodes)", expected: "at least 1")
        }
        guard oversubscription.isFinite, oversubscription > 0 else {
            throw .invalidParameter(
                name: "oversubscription", value: "\(oversubscription)", expected: "a finite ratio > 0")
        }
        let gpus = node.gpusPerNode
        let ports: Int
        let leaves: Int
        switch scaleOut {
        case .railOptimisedFatTree(let unit):
            guard unit >= 1 else {
                throw .invalidParameter(name: "scalable unit size", value: "\(unit)", expected: "at least 1 node")
            }
            ports = unit
            leaves = (nodes + unit - 1) / unit * gpus
        case .leafSpine(let perLeaf):
            guard perLeaf >= 1 else {
                throw .invalidParameter(name: "ports per leaf", value: "\(perLeaf)", expected: "at least 1")
            }
            ports = perLeaf
            leaves = (nodes * gpus + perLeaf - 1) / perLeaf
        }
        let spineCount = spines ?? max(1, Int((Double(ports) / oversubscription).rounded(.up)))
        guard spineCount >= 1 else {
            throw .invalidParameter(name: "spine count", value: "\(spineCount)", expected: "at least 1")
        }
        let nic = node.nicBandwidthBitsPerSecond / 8
        let core = Double(ports) * nic / oversubscription / Double(spineCount)

        self.nodeSpec = node
        self.nodeCount = nodes
        self.scaleOut = scaleOut
        self.oversubscription = oversubscription
        self.spineCount = spineCount
        self.leafCount = leaves
        self.portsPerLeaf = ports
        self.coreLinkBytesPerSecond = core

        // Layout: for GPU rank g, links 4g…4g+3 are GPU→NVSwitch, NVSwitch→GPU,
        // GPU→leaf, leaf→GPU; then for leaf l and spine s, 2(l·S+s) + base is leaf→spine
        // and the next one spine→leaf.
        var links: [TopologyLink] = []
        links.reserveCapacity(4 * nodes * gpus + 2 * leaves * spineCount)
        let scaleUp = node.gpu.scaleUpBandwidthBytesPerSecond
        for rank in 0..<(nodes * gpus) {
            let n = rank / gpus
            let leaf = Self.leaf(ofRank: rank, gpus: gpus, scaleOut: scaleOut)
            links.append(TopologyLink(tier: .scaleUp, from: .gpu(rank), to: .nvSwitch(node: n),
                                      capacityBytesPerSecond: scaleUp, latency: scaleUpLatency))
            links.append(TopologyLink(tier: .scaleUp, from: .nvSwitch(node: n), to: .gpu(rank),
                                      capacityBytesPerSecond: scaleUp, latency: scaleUpLatency))
            links.append(TopologyLink(tier: .access, from: .gpu(rank), to: .leaf(leaf),
                                      capacityBytesPerSecond: nic, latency: accessLatency))
            links.append(TopologyLink(tier: .access, from: .leaf(leaf), to: .gpu(rank),
                                      capacityBytesPerSecond: nic, latency: accessLatency))
        }
        for leaf in 0..<leaves {
            for spine in 0..<spineCount {
                links.append(TopologyLink(tier: .core, from: .leaf(leaf), to: .spine(spine),
                                          capacityBytesPerSecond: core, latency: coreLatency))
                links.append(TopologyLink(tier: .core, from: .spine(spine), to: .leaf(leaf),
                                          capacityBytesPerSecond: core, latency: coreLatency))
            }
        }
        self.links = links
    }

    private static func leaf(ofRank rank: Int, gpus: Int, scaleOut: ScaleOutFabric) -> Int {
        switch scaleOut {
        case .railOptimisedFatTree(let unit):
            (rank / gpus) / unit * gpus + rank % gpus
        case .leafSpine(let perLeaf):
            rank / perLeaf
        }
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

    /// The scale-up (NVLink) domain of a GPU: GPUs in one domain talk without touching
    /// the scale-out network. Today a domain is a node.
    public func scaleUpDomain(ofRank rank: Int) throws(TopologyError) -> Int {
        try checkRank(rank)
        return rank / gpusPerNode
    }

    /// The leaf a GPU's NIC is cabled to.
    public func leaf(ofRank rank: Int) throws(TopologyError) -> Int {
        try checkRank(rank)
        return Self.leaf(ofRank: rank, gpus: gpusPerNode, scaleOut: scaleOut)
    }

    private func checkRank(_ rank: Int) throws(TopologyError) {
        guard (0..<gpuCount).contains(rank) else { throw .gpuOutOfRange("rank \(rank)") }
    }

    // MARK: Link ids

    public func gpuToNVSwitch(rank: Int) -> LinkID { LinkID(index: Int32(4 * rank)) }
    public func nvSwitchToGPU(rank: Int) -> LinkID { LinkID(index: Int32(4 * rank + 1)) }
    public func gpuToLeaf(rank: Int) -> LinkID { LinkID(index: Int32(4 * rank + 2)) }
    public func leafToGPU(rank: Int) -> LinkID { LinkID(index: Int32(4 * rank + 3)) }
    public func leafToSpine(leaf: Int, spine: Int) -> LinkID {
        LinkID(index: Int32(4 * gpuCount + 2 * (leaf * spineCount + spine)))
    }
    public func spineToLeaf(spine: Int, leaf: Int) -> LinkID {
        LinkID(index: Int32(4 * gpuCount + 2 * (leaf * spineCount + spine) + 1))
    }

    /// The description of a link id handed out by this topology.
    public func link(_ id: LinkID) -> TopologyLink { links[Int(id.index)] }

    // MARK: Routing

    /// How many equal-cost routes join two GPUs (1 unless the route crosses the spines).
    public func pathCount(fromRank source: Int, toRank destination: Int) throws(TopologyError) -> Int {
        try checkRank(source)
        try checkRank(destination)
        return crossesSpine(source, destination) ? spineCount : 1
    }

    private func crossesSpine(_ source: Int, _ destination: Int) -> Bool {
        source / gpusPerNode != destination / gpusPerNode
            && Self.leaf(ofRank: source, gpus: gpusPerNode, scaleOut: scaleOut)
                != Self.leaf(ofRank: destination, gpus: gpusPerNode, scaleOut: scaleOut)
    }

    /// The ECMP choice for a flow: a stable hash of (source, destination, flow) modulo
    /// the number of equal-cost paths. The same on every run and machine.
    public func ecmpChoice(fromRank source: Int, toRank destination: Int, flow: UInt64) throws(TopologyError) -> Int {
        let paths = try pathCount(fromRank: source, toRank: destination)
        var h = StableHash.mix64(UInt64(source))
        h = StableHash.mix64(h ^ UInt64(destination))
        h = StableHash.mix64(h ^ flow)
        return Int(h % UInt64(paths))
    }

    /// The route of a flow between two GPUs, as link ids in order.
    ///
    /// Same node: GPU→NVSwitch→GPU. Same leaf: GPU→leaf→GPU. Otherwise GPU→leaf→spine→leaf→GPU
    /// with the spine picked by ``ecmpChoice(fromRank:toRank:flow:)``. GPUs never forward
    /// (no PXN relaying through a peer GPU). A GPU to itself is the empty route.
    public func route(fromRank source: Int, toRank destination: Int, flow: UInt64) throws(TopologyError) -> [LinkID] {
        let choice = try ecmpChoice(fromRank: source, toRank: destination, flow: flow)
        let key = RouteKey(source: source, destination: destination, choice: choice)
        if let cached = cache.lookup(key) { return cached }
        let route: [LinkID]
        if source == destination {
            route = []
        } else if source / gpusPerNode == destination / gpusPerNode {
            route = [gpuToNVSwitch(rank: source), nvSwitchToGPU(rank: destination)]
        } else if !crossesSpine(source, destination) {
            route = [gpuToLeaf(rank: source), leafToGPU(rank: destination)]
        } else {
            let from = Self.leaf(ofRank: source, gpus: gpusPerNode, scaleOut: scaleOut)
            let to = Self.leaf(ofRank: destination, gpus: gpusPerNode, scaleOut: scaleOut)
            route = [gpuToLeaf(rank: source), leafToSpine(leaf: from, spine: choice),
                     spineToLeaf(spine: choice, leaf: to), leafToGPU(rank: destination)]
        }
        cache.store(key, route)
        return route
    }

    /// The route of a flow between two GPUs addressed as (node, local index).
    public func route(from source: GPUAddress, to destination: GPUAddress, flow: UInt64) throws(TopologyError) -> [LinkID] {
        try route(fromRank: rank(of: source), toRank: rank(of: destination), flow: flow)
    }

    /// Routes computed so far (distinct (source, destination, choice) triples).
    public var cachedRouteCount: Int { cache.count }

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

struct RouteKey: Hashable, Sendable {
    var source: Int
    var destination: Int
    var choice: Int
}

/// Routes memoised per (source, destination, ECMP choice), shared by copies of a topology.
final class RouteCache: Sendable {
    private let routes = Mutex<[RouteKey: [LinkID]]>([:])

    func lookup(_ key: RouteKey) -> [LinkID]? { routes.withLock { $0[key] } }
    func store(_ key: RouteKey, _ route: [LinkID]) { routes.withLock { $0[key] = route } }
    var count: Int { routes.withLock { $0.count } }
}
