import OrreryHardware

/// Named cluster designs: NVIDIA's DGX SuperPOD reference architectures and Meta's Llama 3
/// RoCE cluster (sources in `docs/fabric.md`, "Presets").
public enum TopologyPreset: String, CaseIterable, Sendable {
    /// DGX A100 nodes, eight HDR InfiniBand (200 Gb/s) compute NICs each, rail-optimised
    /// fat tree in scalable units of 20 nodes, non-blocking.
    case dgxA100SuperPOD = "dgx-a100-superpod"
    /// DGX H100 nodes, eight NDR InfiniBand (400 Gb/s) compute NICs each, rail-optimised
    /// fat tree in scalable units of 32 nodes, non-blocking.
    case dgxH100SuperPOD = "dgx-h100-superpod"
    /// Meta's 24K-GPU RoCE cluster that trained Llama 3: racks of two 8-GPU H100 servers
    /// under one top-of-rack switch (16 × 400 Gb/s), 192 racks per non-blocking 3,072-GPU
    /// pod, and pods joined by aggregation switches at 1:7.
    case llama3RoCE24K = "llama3-roce-24k"

    /// The catalogue node the design is built from.
    public var nodeName: String {
        switch self {
        case .dgxA100SuperPOD: "DGX-A100"
        case .dgxH100SuperPOD, .llama3RoCE24K: "DGX-H100"
        }
    }

    /// The cluster size the design describes: a 140-node DGX A100 SuperPOD (7 SUs), a
    /// 128-node DGX H100 SuperPOD (4 SUs), 3,072 servers (24,576 GPUs) for Llama 3.
    public var designNodes: Int {
        switch self {
        case .dgxA100SuperPOD: 140
        case .dgxH100SuperPOD: 128
        case .llama3RoCE24K: 3072
        }
    }

    /// Nodes per pod when the design has (or is asked for) a third tier: a whole
    /// SuperPOD for the DGX designs, 384 servers (3,072 GPUs) for Llama 3.
    public var nodesPerPod: Int {
        switch self {
        case .dgxA100SuperPOD: 140
        case .dgxH100SuperPOD: 128
        case .llama3RoCE24K: 384
        }
    }

    /// The wiring, with the design's tiers and ratios.
    public var design: TopologyDesign {
        switch self {
        case .dgxA100SuperPOD: TopologyDesign(scaleOut: .railOptimisedFatTree(nodesPerScalableUnit: 20))
        case .dgxH100SuperPOD: TopologyDesign(scaleOut: .railOptimisedFatTree(nodesPerScalableUnit: 32))
        case .llama3RoCE24K:
            TopologyDesign(
                scaleOut: .leafSpine(portsPerLeaf: 16), nodesPerPod: nodesPerPod,
                oversubscription: Oversubscription(leaf: 1, pod: 7))
        }
    }

    /// Builds the design for `nodes` nodes.
    /// - Parameters:
    ///   - node: replaces the preset's node model (e.g. DGX-H200 on the H100 design).
    ///   - oversubscription: replaces the design's 1:1 leaf ratio.
    ///   - catalogue: where the preset's node model is looked up.
    public func topology(
        nodes: Int, node: NodeSpec? = nil, oversubscription: Double = 1,
        catalogue: HardwareCatalogue = .builtIn
    ) throws(TopologyError) -> Topology {
        guard let spec = node ?? catalogue.node(named: nodeName) else {
            throw .invalidParameter(name: "node type", value: nodeName, expected: "a catalogue node")
        }
        var design = self.design
        design.oversubscription.leaf = oversubscription
        return try Topology(nodes: nodes, node: spec, design: design)
    }

    /// The preset called `name`.
    public static func named(_ name: String) throws(TopologyError) -> TopologyPreset {
        guard let preset = TopologyPreset(rawValue: name.lowercased()) else { throw .unknownPreset(name) }
        return preset
    }
}
