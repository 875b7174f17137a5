import OrreryHardware

/// Counts and capacities of a ``Topology``, for reports and `orrery fabric inspect`.
public struct TopologySummary: Equatable, Sendable {
    public var nodes: Int
    public var gpus: Int
    /// Scale-up switches: one per node (its NVSwitch chips taken together).
    public var nvSwitches: Int
    public var leaves: Int
    public var spines: Int
    /// Directed links, all tiers.
    public var links: Int
    /// Directed links per tier.
    public var scaleUpLinks: Int
    public var accessLinks: Int
    public var coreLinks: Int
    /// Scale-out bisection bandwidth, bytes/s in one direction (definition in `docs/fabric.md`).
    public var bisectionBytesPerSecond: Double
    /// Leaf downlink / uplink capacity, measured on leaf 0's links as built.
    public var oversubscription: Double

    /// A few aligned lines of text.
    public var text: String {
        func gbps(_ bytes: Double) -> String {
            let bits = bytes * 8 / 1e9
            return bits == bits.rounded() ? "\(Int(bits)) Gb/s" : "\(bits) Gb/s"
        }
        return """
            nodes               \(nodes)
            GPUs                \(gpus)
            NVSwitch domains    \(nvSwitches)
            leaf switches       \(leaves)
            spine switches      \(spines)
            links (directed)    \(links) (scale-up \(scaleUpLinks), access \(accessLinks), leaf-spine \(coreLinks))
            bisection           \(gbps(bisectionBytesPerSecond)) per direction
            oversubscription    \(oversubscription):1
            """
    }
}

extension Topology {
    /// Scale-out bisection bandwidth, bytes/s per direction.
    ///
    /// The leaves are split into two halves by index (the smaller half holds ⌊L/2⌋); all
    /// traffic between the halves crosses the spine layer, so the cut's capacity is the
    /// uplink capacity of the smaller half, ⌊L/2⌋ × spines × core link capacity, capped
    /// by the NICs of that half. With a single leaf there is no spine cut; the value is
    /// then the NIC capacity of half the GPUs, ⌊G/2⌋ × NIC rate.
    public var bisectionBytesPerSecond: Double {
        if leafCount < 2 { return Double(gpuCount / 2) * nicBytesPerSecond }
        let half = leafCount / 2
        let uplinks = Double(half * spineCount) * coreLinkBytesPerSecond
        let nicsInHalf = (0..<half).reduce(0) { $0 + gpusOn(leaf: $1) }
        return min(uplinks, Double(nicsInHalf) * nicBytesPerSecond)
    }

    /// NICs actually cabled to a leaf (fewer than ``portsPerLeaf`` on a partly filled unit).
    public func gpusOn(leaf: Int) -> Int {
        switch scaleOut {
        case .railOptimisedFatTree(let unit):
            let firstNode = leaf / gpusPerNode * unit
            return max(0, min(unit, nodeCount - firstNode))
        case .leafSpine(let perLeaf):
            return max(0, min(perLeaf, gpuCount - leaf * perLeaf))
        }
    }

    public var summary: TopologySummary {
        var scaleUp = 0, access = 0, core = 0
        var up = 0.0
        for link in links {
            switch link.tier {
            case .scaleUp: scaleUp += 1
            case .access: access += 1
            case .core:
                core += 1
                if link.from == .leaf(0) { up += link.capacityBytesPerSecond }
            }
        }
        // Leaf 0's downlinks are rated at its designed port count, so the ratio is the
        // design's even when the cluster is smaller than one leaf.
        let designedDown = Double(portsPerLeaf) * nicBytesPerSecond
        return TopologySummary(
            nodes: nodeCount, gpus: gpuCount, nvSwitches: nodeCount, leaves: leafCount,
            spines: spineCount, links: links.count, scaleUpLinks: scaleUp, accessLinks: access,
            coreLinks: core, bisectionBytesPerSecond: bisectionBytesPerSecond,
            oversubscription: designedDown / up)
    }
}
