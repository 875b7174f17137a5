import OrreryKernel

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
    /// The scale-up switch of a domain: a node's NVSwitch chips, or an NVL72 rack's switch
    /// trays, modelled as one non-blocking switch.
    case nvSwitch(domain: Int)
    /// A GPU's NIC, by the GPU's rank; present only when the node puts PCIe between them.
    case nic(Int)
    case leaf(Int)
    /// A spine, numbered `pod × spinesPerPod + index in pod`.
    case spine(Int)
    /// A core switch (three tiers only), numbered `plane × coresPerPlane + index`, where
    /// plane `s` serves spine `s` of every pod.
    case core(Int)
    /// A node's host: where its storage NICs sit.
    case host(node: Int)
    case storageLeaf(Int)
    case storageSpine(Int)
    case storageTarget(Int)
}

/// One directed link of a ``Topology``.
public struct TopologyLink: Hashable, Sendable {
    public enum Tier: String, Hashable, Sendable, CaseIterable {
        /// GPU ↔ its domain's NVSwitch, at the GPU's per-direction scale-up bandwidth.
        case scaleUp = "scale-up"
        /// GPU ↔ its NIC over PCIe ×16, when the node says the NIC sits behind PCIe.
        case pcie
        /// GPU (or its NIC) ↔ leaf, at the NIC line rate.
        case access
        case leafSpine = "leaf-spine"
        /// Spine ↔ core, three tiers only.
        case spineCore = "spine-core"
        /// Host ↔ storage leaf, and storage target ↔ storage leaf.
        case storageAccess = "storage-access"
        /// Storage leaf ↔ storage spine.
        case storageCore = "storage-core"
    }

    public let tier: Tier
    public let from: TopologyVertex
    public let to: TopologyVertex
    public let capacityBytesPerSecond: Double
    public let latency: SimTime
}

/// How NICs are cabled to leaves.
public enum ScaleOutFabric: Hashable, Sendable {
    /// Rail-optimised fat tree: NIC `r` of every node in a scalable unit of
    /// `nodesPerScalableUnit` nodes goes to leaf `r` of that unit.
    case railOptimisedFatTree(nodesPerScalableUnit: Int)
    /// Plain leaf-spine (top-of-rack leaves): NICs fill leaves of `portsPerLeaf` downlinks
    /// in rank order.
    case leafSpine(portsPerLeaf: Int)
}

/// Why a topology cannot be built or a GPU cannot be routed.
public enum TopologyError: Error, Equatable, CustomStringConvertible, Sendable {
    case invalidParameter(name: String, value: String, expected: String)
    case gpuOutOfRange(String)
    case unknownPreset(String)
    case linkMismatch(String)
    /// A storage route was asked of a topology without a storage network, or of a target
    /// it does not have.
    case noStorageTarget(String)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let value, let expected):
            "invalid \(name) \(value): expected \(expected)"
        case .gpuOutOfRange(let gpu): "no such GPU: \(gpu)"
        case .unknownPreset(let name):
            "unknown topology preset \"\(name)\" (known: \(TopologyPreset.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .linkMismatch(let message): message
        case .noStorageTarget(let why): why
        }
    }
}
