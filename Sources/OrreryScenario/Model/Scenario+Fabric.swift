import OrreryFabric
import OrreryHardware
import OrreryScheduling

/// `cluster.fabric`: the scale-out network (and optionally a storage network), built from
/// a preset and field-by-field changes to it. See `docs/scenario-format.md`, "`cluster.fabric`".
extension Scenario {
    /// Generic designs a `preset` may name besides the ``TopologyPreset`` cases.
    enum GenericFabric: String, CaseIterable {
        case railOptimised = "rail-optimized-fat-tree"
        case railOptimisedBritish = "rail-optimised-fat-tree"
        case leafSpine = "leaf-spine"

        /// Scalable units of 32 nodes or leaves of 32 ports (the DGX H100 SuperPOD's unit
        /// and a 64-port switch split evenly between down- and uplinks).
        var design: TopologyDesign {
            switch self {
            case .railOptimised, .railOptimisedBritish: TopologyDesign(scaleOut: .railOptimisedFatTree(nodesPerScalableUnit: 32))
            case .leafSpine: TopologyDesign(scaleOut: .leafSpine(portsPerLeaf: 32))
            }
        }
    }

    static let fabricKeys = [
        "preset", "tiers", "link", "scalable-unit", "ports-per-leaf", "pod-gpus", "spines", "oversubscription", "storage",
    ]

    /// The cluster's topology, or nil when `cluster.fabric` is absent.
    static func parseFabric(_ cluster: ConfigNode, groups: [NodeGroup]) throws(ScenarioError) -> Topology? {
        guard let node = try cluster.mapping().optional("fabric") else { return nil }
        let map = try node.mapping()
        try map.checkKeys(allowed: fabricKeys)
        var spec = try singleNodeType(groups, fabric: node)
        let (design, presetPodNodes) = try fabricPreset(map)
        var designed = design
        try applyLeafWiring(map, to: &designed)
        if let link = map.optional("link") {
            let rate = try link.quantity(.bandwidth)
            do { spec = try spec.setting(.nicBandwidth, to: rate) } catch { throw link.error("\(error)") }
        }
        designed.nodesPerPod = try podNodes(map, gpusPerNode: spec.gpusPerNode, preset: design, presetPodNodes: presetPodNodes)
        // Dropping a preset's third tier drops the ratio above its pods.
        if designed.nodesPerPod == nil { designed.oversubscription.pod = 1 }
        if let spines = map.optional("spines") { designed.spinesPerPod = try spines.int(in: 1...1_000_000) }
        if let ratios = map.optional("oversubscription") {
            designed.oversubscription = try oversubscription(ratios, start: designed.oversubscription, tiers: designed.tiers)
        }
        if let storage = map.optional("storage") { designed.storage = try storageNetwork(storage) }
        let nodes = groups.reduce(0) { $0 + $1.count }
        do {
            return try Topology(nodes: nodes, node: spec, design: designed)
        } catch {
            throw node.error("cannot build this fabric for \(nodes) × \(spec.name): \(error)")
        }
    }

    /// A fabric is built for one server model; groups of the same model with the same
    /// overrides are merged (their nodes are numbered in file order, as everywhere).
    private static func singleNodeType(_ groups: [NodeGroup], fabric: ConfigNode) throws(ScenarioError) -> NodeSpec {
        guard let first = groups.first?.node else { throw fabric.error("a fabric needs at least one node group") }
        guard let other = groups.first(where: { $0.node != first }) else { return first }
        let difference = other.node.name == first.name
            ? "two groups of \(first.name) with different overrides" : "\(first.name) and \(other.node.name)"
        throw fabric.error(
            "a fabric is built for one node type, but cluster.nodes mixes \(difference); "
                + "give every group the same type and overrides, or remove cluster.fabric")
    }

    /// The preset's design and its pod size for a third tier (nil for generic designs).
    private static func fabricPreset(_ map: ConfigMapping) throws(ScenarioError) -> (TopologyDesign, Int?) {
        let node = try map.required("preset")
        let name = try node.string()
        if let preset = TopologyPreset(rawValue: name.lowercased()) { return (preset.design, preset.nodesPerPod) }
        if let generic = GenericFabric(rawValue: name.lowercased()) { return (generic.design, nil) }
        let known = TopologyPreset.allCases.map(\.rawValue) + GenericFabric.allCases.map(\.rawValue)
        throw node.error(
            "unknown fabric preset '\(name)' (known: \(known.joined(separator: ", ")))",
            suggestion: Suggestion.closest(to: name, among: known))
    }

    /// `scalable-unit` (rail-optimised) and `ports-per-leaf` (leaf-spine).
    private static func applyLeafWiring(_ map: ConfigMapping, to design: inout TopologyDesign) throws(ScenarioError) {
        if let unit = map.optional("scalable-unit") {
            guard case .railOptimisedFatTree = design.scaleOut else {
                throw unit.error("'scalable-unit' applies to rail-optimised fabrics; this preset is leaf-spine (use 'ports-per-leaf')")
            }
            design.scaleOut = .railOptimisedFatTree(nodesPerScalableUnit: try unit.int(in: 1...1_000_000))
        }
        if let ports = map.optional("ports-per-leaf") {
            guard case .leafSpine = design.scaleOut else {
                throw ports.error("'ports-per-leaf' applies to leaf-spine fabrics; this preset is rail-optimised (use 'scalable-unit')")
            }
            design.scaleOut = .leafSpine(portsPerLeaf: try ports.int(in: 1...1_000_000))
        }
    }

    /// Nodes per pod: nil for two tiers. `pod-gpus` alone implies three tiers; `tiers: 3`
    /// without it takes the preset's pod.
    private static func podNodes(
        _ map: ConfigMapping, gpusPerNode: Int, preset: TopologyDesign, presetPodNodes: Int?
    ) throws(ScenarioError) -> Int? {
        let tiersNode = map.optional("tiers")
        let tiers = try tiersNode?.int(in: 2...3)
        let podNode = map.optional("pod-gpus")
        if let tiersNode, tiers == 3, podNode == nil {
            guard let pod = preset.nodesPerPod ?? presetPodNodes else {
                throw tiersNode.error("a three-tier fabric needs 'pod-gpus' (GPUs per pod, e.g. 3072) with this preset")
            }
            return pod
        }
        guard let podNode else { return tiers == 2 ? nil : preset.nodesPerPod }
        let gpus = try podNode.int(in: 1...1_000_000_000)
        if tiers == 2 {
            throw podNode.error("'pod-gpus' makes a third tier; remove it or set 'tiers: 3'")
        }
        guard gpus % gpusPerNode == 0 else {
            throw podNode.error("expected a multiple of the node's \(gpusPerNode) GPUs, found \(gpus)")
        }
        return gpus / gpusPerNode
    }

    /// A plain ratio (`7`: at the leaves), `{ above: pod, ratio: 7 }`, or a list of those.
    private static func oversubscription(
        _ node: ConfigNode, start: Oversubscription, tiers: Int
    ) throws(ScenarioError) -> Oversubscription {
        var result = start
        if let list = try? node.sequence() {
            for item in list { try applyRatio(item, to: &result, tiers: tiers) }
        } else {
            try applyRatio(node, to: &result, tiers: tiers)
        }
        return result
    }

    private static func applyRatio(_ node: ConfigNode, to result: inout Oversubscription, tiers: Int) throws(ScenarioError) {
        guard let map = try? node.mapping() else {
            result.leaf = try ratio(node)
            return
        }
        try map.checkKeys(allowed: ["above", "ratio"])
        let aboveNode = try map.required("above")
        let above: OversubscriptionTier = try aboveNode.enumValue()
        let value = try ratio(try map.required("ratio"))
        switch above {
        case .leaf: result.leaf = value
        case .pod:
            guard tiers == 3 else {
                throw aboveNode.error("a ratio above the pods needs a three-tier fabric ('tiers: 3' and 'pod-gpus')")
            }
            result.pod = value
        }
    }

    private static func ratio(_ node: ConfigNode) throws(ScenarioError) -> Double {
        let value = try node.double()
        guard value >= 1, value <= 1000 else {
            throw node.error("expected an oversubscription ratio from 1 to 1000 (7 means 7:1 downlink to uplink), found '\(value)'")
        }
        return value
    }

    /// `storage: { nics-per-node, link, targets, target-link, ports-per-leaf, oversubscription }`.
    private static func storageNetwork(_ node: ConfigNode) throws(ScenarioError) -> StorageNetworkDesign {
        let map = try node.mapping()
        try map.checkKeys(allowed: ["nics-per-node", "link", "targets", "target-link", "ports-per-leaf", "oversubscription"])
        return StorageNetworkDesign(
            nicsPerNode: try map.optional("nics-per-node")?.int(in: 1...64) ?? 1,
            nicBitsPerSecond: try positiveBandwidth(try map.required("link")) * 8,
            targets: try map.required("targets").int(in: 1...1_000_000),
            targetBitsPerSecond: try positiveBandwidth(try map.required("target-link")) * 8,
            portsPerLeaf: try map.optional("ports-per-leaf")?.int(in: 1...1_000_000) ?? 32,
            oversubscription: try map.optional("oversubscription").map { node throws(ScenarioError) in try ratio(node) } ?? 1)
    }

    private static func positiveBandwidth(_ node: ConfigNode) throws(ScenarioError) -> Double {
        let value = try node.quantity(.bandwidth)
        guard value > 0, value.isFinite else { throw node.error("expected a bandwidth > 0, like 400Gb/s") }
        return value
    }
}
