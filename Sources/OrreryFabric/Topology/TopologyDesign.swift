import OrreryKernel

/// Downlink : uplink capacity ratios, per tier (1 is non-blocking).
public struct Oversubscription: Hashable, Sendable {
    /// A leaf's NIC ports / its uplinks to the spines.
    public var leaf: Double
    /// A pod's leaf–spine capacity / its spines' uplinks to the cores (three tiers only).
    public var pod: Double

    public init(leaf: Double = 1, pod: Double = 1) {
        self.leaf = leaf
        self.pod = pod
    }
}

/// The tier above which an oversubscription ratio applies.
public enum OversubscriptionTier: String, CaseIterable, Hashable, Sendable {
    /// Between leaves and spines.
    case leaf
    /// Between a pod's spines and the cores (three tiers).
    case pod
}

/// A separate storage (front-end) network: each node's storage NICs and the storage
/// targets hang off their own leaves, joined by storage spines. It shares nothing with the
/// compute fabric.
public struct StorageNetworkDesign: Hashable, Sendable {
    public var nicsPerNode: Int
    public var nicBitsPerSecond: Double
    public var targets: Int
    /// Line rate of one target's link (a storage server's NICs taken together).
    public var targetBitsPerSecond: Double
    /// Downlinks per storage leaf; node NICs fill leaves in order, then the targets fill
    /// leaves of their own.
    public var portsPerLeaf: Int
    /// Storage leaf downlink / uplink capacity.
    public var oversubscription: Double
    /// Storage spines; nil for `ceil(portsPerLeaf / oversubscription)`.
    public var spines: Int?

    public init(
        nicsPerNode: Int = 1, nicBitsPerSecond: Double, targets: Int, targetBitsPerSecond: Double,
        portsPerLeaf: Int = 32, oversubscription: Double = 1, spines: Int? = nil
    ) {
        self.nicsPerNode = nicsPerNode
        self.nicBitsPerSecond = nicBitsPerSecond
        self.targets = targets
        self.targetBitsPerSecond = targetBitsPerSecond
        self.portsPerLeaf = portsPerLeaf
        self.oversubscription = oversubscription
        self.spines = spines
    }
}

/// Per-tier link latencies (0 by default: not calibrated).
public struct TopologyLatencies: Hashable, Sendable {
    public var scaleUp: SimTime = .zero
    public var pcie: SimTime = .zero
    public var access: SimTime = .zero
    public var leafSpine: SimTime = .zero
    public var spineCore: SimTime = .zero
    public var storage: SimTime = .zero

    public init() {}
}

/// Everything about a network except the servers: how NICs meet leaves, how many tiers,
/// the ratios, the switch counts and the storage network. See `docs/fabric.md`, "Topologies".
public struct TopologyDesign: Hashable, Sendable {
    public var scaleOut: ScaleOutFabric
    /// Nodes per pod; set for a three-tier network (leaf, spine, core), nil for two tiers.
    /// Rail-optimised pods hold whole scalable units and leaf-spine pods whole leaves.
    public var nodesPerPod: Int?
    public var oversubscription: Oversubscription
    /// Spines per pod (all spines, with two tiers); nil for `ceil(portsPerLeaf / leaf ratio)`,
    /// one NIC-rate uplink per spine when the ratio divides the port count.
    public var spinesPerPod: Int?
    /// Cores per plane; nil for `ceil(leavesPerPod / pod ratio)`.
    public var coresPerPlane: Int?
    public var storage: StorageNetworkDesign?
    public var latency: TopologyLatencies

    public init(
        scaleOut: ScaleOutFabric, nodesPerPod: Int? = nil, oversubscription: Oversubscription = Oversubscription(),
        spinesPerPod: Int? = nil, coresPerPlane: Int? = nil, storage: StorageNetworkDesign? = nil,
        latency: TopologyLatencies = TopologyLatencies()
    ) {
        self.scaleOut = scaleOut
        self.nodesPerPod = nodesPerPod
        self.oversubscription = oversubscription
        self.spinesPerPod = spinesPerPod
        self.coresPerPlane = coresPerPlane
        self.storage = storage
        self.latency = latency
    }

    /// Switch tiers of the compute network: 2 or 3.
    public var tiers: Int { nodesPerPod == nil ? 2 : 3 }
}
