import OrreryHardware

/// The switch counts and link capacities a design implies for a cluster, checked.
struct TopologyShape: Sendable {
    let portsPerLeaf: Int
    let leafCount: Int
    let leavesPerPod: Int
    let podCount: Int
    let spinesPerPod: Int
    let coresPerPlane: Int
    let leafSpineLinkBytesPerSecond: Double
    let spineCoreLinkBytesPerSecond: Double

    init(nodes: Int, node: NodeSpec, design: TopologyDesign) throws(TopologyError) {
        guard nodes >= 1, nodes <= LinkLayout.maximumLinks / 4 else {
            throw .invalidParameter(
                name: "node count", value: "\(nodes)", expected: "from 1 to \(LinkLayout.maximumLinks / 4)")
        }
        let ratios = design.oversubscription
        try Self.checkRatio(ratios.leaf, name: "leaf oversubscription")
        try Self.checkRatio(ratios.pod, name: "pod oversubscription")
        if design.nodesPerPod == nil, ratios.pod != 1 {
            throw .invalidParameter(
                name: "pod oversubscription", value: "\(ratios.pod)", expected: "1 with two tiers (set pods for three)")
        }
        let gpus = node.gpusPerNode
        let ports: Int
        let leaves: Int
        switch design.scaleOut {
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
        portsPerLeaf = ports
        leafCount = leaves
        if let podNodes = design.nodesPerPod {
            leavesPerPod = try Self.leavesPerPod(podNodes, gpus: gpus, scaleOut: design.scaleOut)
            podCount = (leaves + leavesPerPod - 1) / leavesPerPod
        } else {
            leavesPerPod = leaves
            podCount = 1
        }
        spinesPerPod = try Self.count(
            design.spinesPerPod, default: Double(ports) / ratios.leaf, name: "spines per pod")
        let nic = node.nicBandwidthBitsPerSecond / 8
        leafSpineLinkBytesPerSecond = Double(ports) * nic / ratios.leaf / Double(spinesPerPod)
        if design.nodesPerPod != nil {
            coresPerPlane = try Self.count(
                design.coresPerPlane, default: Double(leavesPerPod) / ratios.pod, name: "cores per plane")
            spineCoreLinkBytesPerSecond =
                Double(leavesPerPod) * leafSpineLinkBytesPerSecond / ratios.pod / Double(coresPerPlane)
        } else {
            guard design.coresPerPlane == nil else {
                throw .invalidParameter(
                    name: "cores per plane", value: "\(design.coresPerPlane ?? 0)", expected: "none with two tiers")
            }
            coresPerPlane = 0
            spineCoreLinkBytesPerSecond = 0
        }
    }

    /// The leaf a GPU's NIC is cabled to.
    static func leaf(ofRank rank: Int, gpus: Int, scaleOut: ScaleOutFabric) -> Int {
        switch scaleOut {
        case .railOptimisedFatTree(let unit): (rank / gpus) / unit * gpus + rank % gpus
        case .leafSpine(let perLeaf): rank / perLeaf
        }
    }

    private static func checkRatio(_ ratio: Double, name: String) throws(TopologyError) {
        guard ratio.isFinite, ratio > 0 else {
            throw .invalidParameter(name: name, value: "\(ratio)", expected: "a finite ratio > 0")
        }
    }

    /// A switch count: the one given, or `ceil(designed)`, at least 1.
    private static func count(_ given: Int?, default designed: Double, name: String) throws(TopologyError) -> Int {
        if let given {
            guard given >= 1 else { throw .invalidParameter(name: name, value: "\(given)", expected: "at least 1") }
            return given
        }
        guard designed <= Double(LinkLayout.maximumLinks) else {
            throw .invalidParameter(name: name, value: "\(designed)", expected: "a buildable number of switches")
        }
        return max(1, Int(designed.rounded(.up)))
    }

    /// Pods must hold whole scalable units (rail-optimised) or whole leaves (leaf-spine),
    /// so that no leaf straddles two pods.
    private static func leavesPerPod(_ podNodes: Int, gpus: Int, scaleOut: ScaleOutFabric) throws(TopologyError) -> Int {
        guard podNodes >= 1 else {
            throw .invalidParameter(name: "nodes per pod", value: "\(podNodes)", expected: "at least 1")
        }
        switch scaleOut {
        case .railOptimisedFatTree(let unit):
            guard podNodes % unit == 0 else {
                throw .invalidParameter(
                    name: "nodes per pod", value: "\(podNodes)",
                    expected: "a multiple of the scalable unit (\(unit) nodes)")
            }
            return podNodes / unit * gpus
        case .leafSpine(let perLeaf):
            guard (podNodes * gpus) % perLeaf == 0 else {
                throw .invalidParameter(
                    name: "nodes per pod", value: "\(podNodes)",
                    expected: "whole leaves: \(podNodes) × \(gpus) GPUs must be a multiple of \(perLeaf) ports")
            }
            return podNodes * gpus / perLeaf
        }
    }
}

/// Where each group of links starts in the dense id space (`docs/fabric.md`, "Link layout").
struct LinkLayout: Sendable {
    /// Above this a design is taken for a mistake rather than built: 16,384 GPUs need
    /// ~1.3 × 10^5 links, a million GPUs ~10^7, and each link is ~56 bytes.
    static let maximumLinks = 20_000_000

    let hasPCIe: Bool
    let linksPerRank: Int
    let leafSpineBase: Int
    let spineCoreBase: Int
    let storageBase: Int
    let count: Int

    /// Per rank: GPU→switch, switch→GPU, [GPU→NIC, NIC→GPU,] up to leaf, down from leaf.
    var accessOffset: Int { hasPCIe ? 4 : 2 }

    init(shape: TopologyShape, gpus: Int, hasPCIe: Bool, storage: StorageLayout?) throws(TopologyError) {
        self.hasPCIe = hasPCIe
        linksPerRank = hasPCIe ? 6 : 4
        // Switch counts given by the caller are unbounded, so products are overflow-checked.
        let parts = [
            Self.product([linksPerRank, gpus]),
            Self.product([2, shape.leafCount, shape.spinesPerPod]),
            Self.product([2, shape.podCount, shape.spinesPerPod, shape.coresPerPlane]),
            storage?.linkCount ?? 0,
        ]
        var bases: [Int] = []
        var total = 0
        for part in parts {
            bases.append(total)
            total += min(part, Self.maximumLinks + 1)
            guard total <= Self.maximumLinks else {
                throw .invalidParameter(
                    name: "topology size", value: "\(total) links", expected: "at most \(Self.maximumLinks) links")
            }
        }
        leafSpineBase = bases[1]
        spineCoreBase = bases[2]
        storageBase = bases[3]
        count = total
    }

    /// The product, or `Int.max` when it overflows.
    static func product(_ factors: [Int]) -> Int {
        var result = 1
        for factor in factors {
            let (next, overflow) = result.multipliedReportingOverflow(by: factor)
            if overflow { return .max }
            result = next
        }
        return result
    }

    func rankLink(_ rank: Int, _ offset: Int) -> LinkID { LinkID(index: Int32(rank * linksPerRank + offset)) }
}
