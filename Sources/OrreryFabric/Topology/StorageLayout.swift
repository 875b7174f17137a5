/// The storage network's switch counts and link capacities, checked.
///
/// Node storage NICs fill storage leaves in order (node-major), then the targets fill
/// leaves of their own, so every node-to-target route crosses a storage spine.
public struct StorageLayout: Hashable, Sendable {
    public let nicsPerNode: Int
    public let targets: Int
    public let portsPerLeaf: Int
    /// Leaves holding node NICs, then leaves holding targets.
    public let nodeLeaves: Int
    public let targetLeaves: Int
    public let spines: Int
    public let nicBytesPerSecond: Double
    public let targetBytesPerSecond: Double
    /// One storage leaf→spine link, for a leaf of node NICs and for a leaf of targets.
    public let nodeLeafUplinkBytesPerSecond: Double
    public let targetLeafUplinkBytesPerSecond: Double
    let nodes: Int

    public var leafCount: Int { nodeLeaves + targetLeaves }

    init(nodes: Int, design: StorageNetworkDesign) throws(TopologyError) {
        func check(_ ok: Bool, _ name: String, _ value: String, _ expected: String) throws(TopologyError) {
            if !ok { throw .invalidParameter(name: name, value: value, expected: expected) }
        }
        try check(design.nicsPerNode >= 1 && design.nicsPerNode <= 64, "storage NICs per node", "\(design.nicsPerNode)", "1 to 64")
        try check(design.targets >= 1 && design.targets <= LinkLayout.maximumLinks / 2, "storage targets",
                  "\(design.targets)", "at least 1 and a buildable number")
        try check(design.portsPerLeaf >= 1, "storage ports per leaf", "\(design.portsPerLeaf)", "at least 1")
        try check(design.nicBitsPerSecond.isFinite && design.nicBitsPerSecond > 0, "storage NIC rate",
                  "\(design.nicBitsPerSecond)", "a finite rate > 0")
        try check(design.targetBitsPerSecond.isFinite && design.targetBitsPerSecond > 0, "storage target rate",
                  "\(design.targetBitsPerSecond)", "a finite rate > 0")
        try check(design.oversubscription.isFinite && design.oversubscription > 0, "storage oversubscription",
                  "\(design.oversubscription)", "a finite ratio > 0")
        let defaultSpines = Double(design.portsPerLeaf) / design.oversubscription
        try check(defaultSpines <= Double(LinkLayout.maximumLinks), "storage spines", "\(defaultSpines)",
                  "a buildable number of switches")
        let spines = design.spines ?? max(1, Int(defaultSpines.rounded(.up)))
        try check(spines >= 1, "storage spines", "\(spines)", "at least 1")
        self.nodes = nodes
        nicsPerNode = design.nicsPerNode
        targets = design.targets
        portsPerLeaf = design.portsPerLeaf
        nodeLeaves = (nodes * design.nicsPerNode + design.portsPerLeaf - 1) / design.portsPerLeaf
        targetLeaves = (design.targets + design.portsPerLeaf - 1) / design.portsPerLeaf
        self.spines = spines
        nicBytesPerSecond = design.nicBitsPerSecond / 8
        targetBytesPerSecond = design.targetBitsPerSecond / 8
        let perUplink = Double(design.portsPerLeaf) / design.oversubscription / Double(spines)
        nodeLeafUplinkBytesPerSecond = perUplink * nicBytesPerSecond
        targetLeafUplinkBytesPerSecond = perUplink * targetBytesPerSecond
    }

    /// Directed links of the storage network (overflow-checked; `Int.max` when absurd).
    var linkCount: Int {
        let access = LinkLayout.product([2, nodes, nicsPerNode]) &+ 2 * targets
        let core = LinkLayout.product([2, leafCount, spines])
        return access >= LinkLayout.maximumLinks || core >= LinkLayout.maximumLinks ? .max : access + core
    }

    func nicLeaf(node: Int, nic: Int) -> Int { (node * nicsPerNode + nic) / portsPerLeaf }
    func targetLeaf(_ target: Int) -> Int { nodeLeaves + target / portsPerLeaf }

    // Offsets from the storage base (see `docs/fabric.md`, "Link layout").
    func hostToLeaf(node: Int, nic: Int) -> Int { 2 * (node * nicsPerNode + nic) }
    func leafToHost(node: Int, nic: Int) -> Int { hostToLeaf(node: node, nic: nic) + 1 }
    func leafToTarget(_ target: Int) -> Int { 2 * nodes * nicsPerNode + 2 * target }
    func targetToLeaf(_ target: Int) -> Int { leafToTarget(target) + 1 }
    func leafToSpine(leaf: Int, spine: Int) -> Int { 2 * nodes * nicsPerNode + 2 * targets + 2 * (leaf * spines + spine) }
    func spineToLeaf(spine: Int, leaf: Int) -> Int { leafToSpine(leaf: leaf, spine: spine) + 1 }
}
