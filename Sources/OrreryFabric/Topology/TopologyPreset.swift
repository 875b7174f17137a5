import OrreryHardware

/// Named cluster designs after NVIDIA's DGX SuperPOD reference architectures
/// (sources in `docs/fabric.md`, "Topologies").
public enum TopologyPreset: String, CaseIterable, Sendable {
    /// DGX A100 nodes, eight HDR InfiniBand (200 Gb/s) compute NICs each, rail-optimised
    /// fat tree in scalable units of 20 nodes, non-blocking.
    case dgxA100SuperPOD = "dgx-a100-superpod"
    /// DGX H100 nodes, eight NDR InfiniBand (400 Gb/s) compute NICs each, rail-optimised
    /// fat tree in scalable units of 32 nodes, non-blocking.
    case dgxH100SuperPOD = "dgx-h100-superpod"

    /// The catalogue node the design is built from.
    public var nodeName: String {
        switch self {
        case .dgxA100SuperPOD: "DGX-A100"
        case .dgxH100SuperPOD: "DGX-H100"
        }
    }

    public var nodesPerScalableUnit: Int {
        switch self {
        case .dgxA100SuperPOD: 20
        case .dgxH100SuperPOD: 32
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
        return try Topology(
            nodes: nodes, node: spec, scaleOut: .railOptimisedFatTree(nodesPerScalableUnit: nodesPerScalableUnit),
            oversubscription: oversubscription)
    }

    /// The preset called `name`.
    public static func named(_ name: String) throws(TopologyError) -> TopologyPreset {
        guard let preset = TopologyPreset(rawValue: name.lowercased()) else { throw .unknownPreset(name) }
        return preset
    }
}
