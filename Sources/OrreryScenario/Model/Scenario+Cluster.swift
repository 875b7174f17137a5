import Foundation
import OrreryHardware
import OrreryScheduling

extension Scenario {
    /// Upper bound on nodes per scenario: well above today's largest clusters, low
    /// enough that a typo (`count: 1e9`) is an error rather than an out-of-memory.
    static let maxNodes = 1_000_000

    /// `cluster: { nodes: [ {type, count, overrides: {…, gpu: {…}}} ] }`; with a
    /// `node-list`, `nodes` may be left out.
    static func parseCluster(_ node: ConfigNode, catalogue: HardwareCatalogue) throws(ScenarioError) -> [NodeGroup] {
        let map = try node.mapping()
        try map.checkKeys(allowed: ["nodes", "node-list", "fabric", "storage"])
        if map.optional("nodes") == nil, map.optional("node-list") != nil { return [] }
        let list = try map.required("nodes").sequence()
        guard !list.isEmpty else { throw try map.required("nodes").error("expected at least one node group") }
        var groups: [NodeGroup] = []
        var total = 0
        for item in list {
            let group = try parseNodeGroup(item, catalogue: catalogue)
            total += group.count
            guard total <= maxNodes else {
                throw item.error("the cluster has more than \(maxNodes) nodes; is a count mistyped?")
            }
            groups.append(group)
        }
        return groups
    }

    /// `cluster.node-list: { format: alibaba-openb, path: nodes.csv }`: nodes listed one
    /// by one in a trace's node file (path relative to the scenario).
    static func parseNodeList(_ cluster: ConfigNode, baseDirectory: String) throws(ScenarioError) -> [SchedulerNode] {
        guard let node = try cluster.mapping().optional("node-list") else { return [] }
        let map = try node.mapping()
        try map.checkKeys(allowed: ["format", "path"])
        let formatNode = try map.required("format")
        let name = try formatNode.string()
        let formats = NodeListFormat.allCases.map(\.rawValue)
        guard let format = NodeListFormat(rawValue: name) else {
            throw formatNode.error(
                "unknown node-list format '\(name)' (available: \(formats.joined(separator: ", ")))",
                suggestion: Suggestion.closest(to: name, among: formats))
        }
        let pathNode = try map.required("path")
        let relative = try pathNode.string()
        let path = relative.hasPrefix("/") ? relative : URL(fileURLWithPath: baseDirectory).appendingPathComponent(relative).path
        do {
            let nodes = try format.load(path: path).nodes
            guard nodes.count <= maxNodes else { throw pathNode.error("the node list has more than \(maxNodes) nodes") }
            return nodes
        } catch let error as TraceError {
            guard let line = error.line else { throw pathNode.error("cannot read the \(name) node list '\(relative)': \(error.message)") }
            throw ScenarioError(file: error.file, location: SourceLocation(file: error.file, line: line, column: 1), message: error.message)
        } catch let error as ScenarioError {
            throw error
        } catch {
            throw pathNode.error("cannot read the node list '\(relative)': \(error)")
        }
    }

    private static func parseNodeGroup(_ item: ConfigNode, catalogue: HardwareCatalogue) throws(ScenarioError) -> NodeGroup {
        let map = try item.mapping()
        try map.checkKeys(allowed: ["type", "count", "overrides"])
        let typeNode = try map.required("type")
        let typeName = try typeNode.string()
        guard var spec = catalogue.node(named: typeName) else {
            throw typeNode.error(
                "unknown node type '\(typeName)' (catalogue: \(catalogue.nodeNames.joined(separator: ", ")))",
                suggestion: Suggestion.closest(to: typeName, among: catalogue.nodeNames))
        }
        let count = try map.required("count").int(in: 1...maxNodes)
        if let overrides = map.optional("overrides") {
            spec = try apply(overrides, to: spec)
        }
        guard spec.gpusPerNode <= GPUSet.capacity else {
            throw (map.optional("overrides") ?? typeNode).error(
                "node type '\(typeName)' has \(spec.gpusPerNode) GPUs per node; Orrery places jobs and replicas on nodes of at most \(GPUSet.capacity) GPUs")
        }
        return NodeGroup(node: spec, count: count)
    }

    /// Field-by-field overrides of a catalogue node (and, under `gpu:`, of its GPU).
    private static func apply(_ node: ConfigNode, to spec: NodeSpec) throws(ScenarioError) -> NodeSpec {
        let map = try node.mapping()
        let nodeFields = NodeSpec.Field.allCases.map(\.rawValue)
        try map.checkKeys(allowed: nodeFields + ["gpu"])
        var result = spec
        for (key, value) in map.pairs where value.isNull == false {
            if key == "gpu" {
                result.gpu = try applyGPU(value, to: result.gpu)
            } else if let field = NodeSpec.Field(rawValue: key) {
                let number = try quantity(value, field.kind)
                do { result = try result.setting(field, to: number) } catch { throw value.error("\(error)") }
            }
        }
        return result
    }

    private static func applyGPU(_ node: ConfigNode, to spec: GPUSpec) throws(ScenarioError) -> GPUSpec {
        let map = try node.mapping()
        try map.checkKeys(allowed: GPUSpec.Field.allCases.map(\.rawValue))
        var result = spec
        for (key, value) in map.pairs where value.isNull == false {
            guard let field = GPUSpec.Field(rawValue: key) else { continue }
            let number = try quantity(value, field.kind)
            do { result = try result.setting(field, to: number) } catch { throw value.error("\(error)") }
        }
        return result
    }

    /// Reads a hardware field's value with the units its kind expects.
    private static func quantity(_ node: ConfigNode, _ kind: HardwareQuantityKind) throws(ScenarioError) -> Double {
        switch kind {
        case .power: try node.quantity(.power)
        case .bytes: try node.quantity(.bytes)
        case .bandwidth: try node.quantity(.bandwidth)
        case .flopsPerSecond: try node.quantity(.flopsRate)
        case .count: Double(try node.int())
        }
    }
}
