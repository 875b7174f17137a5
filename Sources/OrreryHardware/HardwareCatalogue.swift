import Foundation

/// The GPU and node models a scenario can name: the built-in table plus any the scenario
/// defines itself.
///
/// Lookup is case-insensitive and treats spaces and underscores as hyphens, so
/// `dgx h100`, `DGX_H100` and `DGX-H100` all find the same node. Entries keep insertion
/// order, which makes listings and did-you-mean suggestions deterministic.
public struct HardwareCatalogue: Sendable {
    /// GPU models, built-ins first, in catalogue order.
    public private(set) var gpus: [GPUSpec]
    /// Node models, built-ins first, in catalogue order.
    public private(set) var nodes: [NodeSpec]
    /// Normalised alias → canonical GPU name (e.g. `h100` → `H100-SXM`).
    private var gpuAliases: [String: String]
    /// Normalised alias → canonical node name.
    private var nodeAliases: [String: String]

    /// Aliases are ordered pairs so that, should two normalise alike, the first wins
    /// deterministically (the built-in table is tested to have no such clash).
    init(
        gpus: [GPUSpec], nodes: [NodeSpec],
        gpuAliases: KeyValuePairs<String, String>, nodeAliases: KeyValuePairs<String, String>
    ) {
        self.gpus = gpus
        self.nodes = nodes
        self.gpuAliases = Dictionary(gpuAliases.map { (Self.normalized($0.key), $0.value) }) { first, _ in first }
        self.nodeAliases = Dictionary(nodeAliases.map { (Self.normalized($0.key), $0.value) }) { first, _ in first }
    }

    /// Canonical GPU names in catalogue order (aliases are not listed).
    public var gpuNames: [String] { gpus.map(\.name) }
    /// Canonical node names in catalogue order (aliases are not listed).
    public var nodeNames: [String] { nodes.map(\.name) }

    /// The GPU called `name` or one of its aliases, or `nil`.
    public func gpu(named name: String) -> GPUSpec? {
        let key = Self.normalized(name)
        let canonical = Self.normalized(gpuAliases[key] ?? key)
        return gpus.first { Self.normalized($0.name) == canonical }
    }

    /// The node called `name` or one of its aliases, or `nil`.
    public func node(named name: String) -> NodeSpec? {
        let key = Self.normalized(name)
        let canonical = Self.normalized(nodeAliases[key] ?? key)
        return nodes.first { Self.normalized($0.name) == canonical }
    }

    /// This catalogue plus user-defined entries, appended after the existing ones.
    ///
    /// The entries themselves are already valid (``GPUSpec`` and ``NodeSpec`` validate on
    /// construction); this checks only their names.
    /// - Throws: ``HardwareError/emptyName(kind:)`` for a blank name,
    ///   ``HardwareError/duplicateName(kind:name:)`` if a name (ignoring case, spacing
    ///   and aliases) is already taken, so a user entry can never silently shadow a built-in.
    public func adding(gpus newGPUs: [GPUSpec] = [], nodes newNodes: [NodeSpec] = []) throws -> HardwareCatalogue {
        var result = self
        for gpu in newGPUs {
            try Self.checkNew(gpu.name, kind: "GPU", takenBy: result.gpu(named:))
            result.gpus.append(gpu)
        }
        for node in newNodes {
            try Self.checkNew(node.name, kind: "node", takenBy: result.node(named:))
            result.nodes.append(node)
        }
        return result
    }

    private static func checkNew<Entry>(_ name: String, kind: String, takenBy lookup: (String) -> Entry?) throws {
        guard !normalized(name).isEmpty else { throw HardwareError.emptyName(kind: kind) }
        guard lookup(name) == nil else { throw HardwareError.duplicateName(kind: kind, name: name) }
    }

    /// The lookup key: trimmed, lower-cased, spaces and underscores as hyphens.
    static func normalized(_ name: String) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return String(trimmed.map { $0 == " " || $0 == "_" ? "-" : $0 })
    }
}
