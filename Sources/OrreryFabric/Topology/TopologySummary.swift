/// Counts and capacities of a ``Topology``, for reports and `orrery fabric inspect`.
public struct TopologySummary: Equatable, Sendable {
    public var nodes: Int
    public var gpus: Int
    /// Scale-up switches: one per scale-up domain (its NVSwitch chips taken together).
    public var nvSwitches: Int
    /// GPUs in one full scale-up domain.
    public var gpusPerScaleUpDomain: Int
    /// Switch tiers of the compute network (2 or 3) and pods (1 with two tiers).
    public var tiers: Int
    public var pods: Int
    public var leaves: Int
    public var spines: Int
    public var cores: Int
    /// Directed links, all tiers and both networks.
    public var links: Int
    /// Directed links per tier.
    public var linksPerTier: [TopologyLink.Tier: Int]
    /// Compute-network bisection bandwidth, bytes/s in one direction (definition in `docs/fabric.md`).
    public var bisectionBytesPerSecond: Double
    /// Leaf downlink / uplink capacity, measured on leaf 0's links as built.
    public var oversubscription: Double
    /// Pod 0's leaf–spine capacity / its spines' core uplinks, measured as built; nil with two tiers.
    public var podOversubscription: Double?
    /// The storage network's switches and targets, when there is one.
    public var storage: StorageSummary?

    public struct StorageSummary: Equatable, Sendable {
        public var leaves: Int
        public var spines: Int
        public var targets: Int
    }

    /// Directed links of one tier (0 when the topology has none).
    public func links(_ tier: TopologyLink.Tier) -> Int { linksPerTier[tier] ?? 0 }

    /// A few aligned lines of text.
    public var text: String {
        // Rounded for reading: link capacities divide by ratios like 7, whose sums carry
        // rounding in the last bits.
        func gbps(_ bytes: Double) -> String {
            let bits = (bytes * 8 / 1e9 * 10).rounded() / 10
            return bits == bits.rounded() ? "\(Int(bits)) Gb/s" : "\(bits) Gb/s"
        }
        func ratio(_ value: Double) -> String { "\((value * 100).rounded() / 100):1" }
        let perTier = TopologyLink.Tier.allCases.filter { links($0) > 0 }.map { "\($0.rawValue) \(links($0))" }
        var lines = [
            "nodes               \(nodes)",
            "GPUs                \(gpus)",
            "scale-up domains    \(nvSwitches) (\(gpusPerScaleUpDomain) GPUs each)",
            "tiers               \(tiers)" + (tiers == 3 ? " (\(pods) pod\(pods == 1 ? "" : "s"))" : ""),
            "leaf switches       \(leaves)",
            "spine switches      \(spines)",
        ]
        if tiers == 3 { lines.append("core switches       \(cores)") }
        lines.append("links (directed)    \(links) (\(perTier.joined(separator: ", ")))")
        lines.append("bisection           \(gbps(bisectionBytesPerSecond)) per direction")
        lines.append("oversubscription    \(ratio(oversubscription)) at the leaves"
                     + (podOversubscription.map { ", \(ratio($0)) above the pods" } ?? ""))
        if let storage {
            lines.append("storage network     \(storage.leaves) leaves, \(storage.spines) spines, \(storage.targets) targets")
        }
        return lines.joined(separator: "\n")
    }
}

extension Topology {
    /// Compute-network bisection bandwidth, bytes/s per direction.
    ///
    /// Split the network into two halves by index: pods with three tiers and more than one
    /// pod, otherwise leaves; the first half holds ⌊n/2⌋. A half can send no faster than
    /// its NICs, its leaves' uplinks and (pods) its spines' core uplinks allow, and the
    /// other half receive no faster than the same for it, so the cut carries the smaller
    /// of the two. With a single leaf there is no switch cut; the value is then the NIC
    /// capacity of half the GPUs, ⌊G/2⌋ × NIC rate. NVLink is not included.
    public var bisectionBytesPerSecond: Double {
        if leafCount < 2 { return Double(gpuCount / 2) * nicBytesPerSecond }
        if podCount >= 2 {
            let half = podCount / 2
            return min(capacity(ofPods: 0..<half), capacity(ofPods: half..<podCount))
        }
        let half = leafCount / 2
        return min(capacity(ofLeaves: 0..<half), capacity(ofLeaves: half..<leafCount))
    }

    private func capacity(ofLeaves leaves: Range<Int>) -> Double {
        let nics = leaves.reduce(0) { $0 + gpusOn(leaf: $1) }
        return min(Double(nics) * nicBytesPerSecond, Double(leaves.count * spinesPerPod) * leafSpineLinkBytesPerSecond)
    }

    private func capacity(ofPods pods: Range<Int>) -> Double {
        let leaves = pods.lowerBound * leavesPerPod..<min(leafCount, pods.upperBound * leavesPerPod)
        let uplinks = Double(pods.count * spinesPerPod * coresPerPlane) * spineCoreLinkBytesPerSecond
        return min(capacity(ofLeaves: leaves), uplinks)
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
        var perTier: [TopologyLink.Tier: Int] = [:]
        var leafUp = 0.0, podUp = 0.0
        for link in links {
            perTier[link.tier, default: 0] += 1
            if link.tier == .leafSpine, link.from == .leaf(0) { leafUp += link.capacityBytesPerSecond }
            if link.tier == .spineCore, case .spine(let spine) = link.from, spine < spinesPerPod {
                podUp += link.capacityBytesPerSecond
            }
        }
        // Leaf 0 and pod 0 are rated at their designed port and leaf counts, so the ratios
        // are the design's even when the cluster is smaller than one leaf or pod.
        let leafDown = Double(portsPerLeaf) * nicBytesPerSecond
        let podDown = Double(leavesPerPod * spinesPerPod) * leafSpineLinkBytesPerSecond
        return TopologySummary(
            nodes: nodeCount, gpus: gpuCount, nvSwitches: scaleUpDomainCount,
            gpusPerScaleUpDomain: nodesPerScaleUpDomain * gpusPerNode, tiers: tiers, pods: podCount,
            leaves: leafCount, spines: spineCount, cores: coreCount, links: links.count, linksPerTier: perTier,
            bisectionBytesPerSecond: bisectionBytesPerSecond, oversubscription: leafDown / leafUp,
            podOversubscription: tiers == 3 ? podDown / podUp : nil,
            storage: storage.map { .init(leaves: $0.leafCount, spines: $0.spines, targets: $0.targets) })
    }
}
