import OrreryKernel
import OrreryStorage

/// `cluster.storage`: the storage system the cluster's jobs read and write (checkpoints,
/// training data, serving weights). Every field is optional; what is left out keeps the
/// figure of ``StorageSystem/llama3Tectonic`` (docs/resilience.md, "Checkpoints and
/// storage"), so a scenario states only what it knows about its own storage.
///
/// ```yaml
/// storage:
///   parallel-file-system: { aggregate: 2TB/s, per-client: 25GB/s, metadata-latency: 50ms }
///   object-store: { aggregate: 1TB/s, per-client: 5GB/s, metadata-latency: 100ms }
///   client-network: 200Gb/s        # each node's storage ports
///   data-path: gpu-direct          # or { host-bounce: { cores: 8, per-core: 10GB/s } }
/// ```
extension Scenario {
    /// Makes `system` the storage of every model that reads or writes through it: training
    /// checkpoints and data (``runResilience``) and autoscaled serving replicas' weights.
    mutating func useStorage(_ system: StorageSystem) {
        storage = system
        for index in serving.indices {
            serving[index].configuration.autoscaler?.weightLoading.storage = system
        }
    }

    static func parseStorage(_ cluster: ConfigNode) throws(ScenarioError) -> StorageSystem {
        let defaults = StorageSystem.llama3Tectonic
        guard let node = try cluster.mapping().optional("storage") else { return defaults }
        let map = try node.mapping()
        try map.checkKeys(allowed: ["parallel-file-system", "object-store", "client-network", "data-path"])
        let parallelFileSystem = try map.optional("parallel-file-system").map { tier throws(ScenarioError) in
            try parseStorageTier(tier, defaults: defaults.parallelFileSystem)
        } ?? defaults.parallelFileSystem
        let objectStore = try map.optional("object-store").map { tier throws(ScenarioError) in
            try parseStorageTier(tier, defaults: defaults.objectStore)
        } ?? defaults.objectStore
        let clientNetwork = try map.optional("client-network").map { value throws(ScenarioError) in
            try positiveBandwidth(value)
        } ?? defaults.clientNetworkBytesPerSecond
        let dataPath = try map.optional("data-path").map { value throws(ScenarioError) in
            try parseDataPath(value)
        } ?? defaults.dataPath
        do {
            return try StorageSystem(
                parallelFileSystem: parallelFileSystem, objectStore: objectStore, dataPath: dataPath,
                clientNetworkBytesPerSecond: clientNetwork)
        } catch {
            throw node.error(error.description)
        }
    }

    /// `{ aggregate: 2TB/s, per-client: 25GB/s, metadata-latency: 50ms }`.
    private static func parseStorageTier(_ node: ConfigNode, defaults: StorageTier) throws(ScenarioError) -> StorageTier {
        let map = try node.mapping()
        try map.checkKeys(allowed: ["aggregate", "per-client", "metadata-latency"])
        let aggregate = try map.optional("aggregate").map { value throws(ScenarioError) in
            try positiveBandwidth(value)
        } ?? defaults.aggregateBytesPerSecond
        let perClient = try map.optional("per-client").map { value throws(ScenarioError) in
            try positiveBandwidth(value)
        } ?? defaults.perClientBytesPerSecond
        let latency = try map.optional("metadata-latency")?.duration() ?? defaults.metadataLatency
        do {
            return try StorageTier(aggregateBytesPerSecond: aggregate, perClientBytesPerSecond: perClient,
                                   metadataLatency: latency)
        } catch {
            throw node.error(error.description)
        }
    }

    /// `gpu-direct`, `host-bounce` (8 copy cores at 10 GB/s each) or
    /// `{ host-bounce: { cores: 8, per-core: 10GB/s } }`.
    private static func parseDataPath(_ node: ConfigNode) throws(ScenarioError) -> StorageDataPath {
        let names = ["gpu-direct", "host-bounce"]
        if case .scalar = node.content {
            switch try node.string() {
            case "gpu-direct": return .gpuDirect
            case "host-bounce": return .hostBounce(copyCores: defaultCopyCores, perCoreMemoryBytesPerSecond: defaultPerCoreBytesPerSecond)
            case let other:
                throw node.error("unknown data path '\(other)' (available: \(names.joined(separator: ", ")))",
                                 suggestion: Suggestion.closest(to: other, among: names))
            }
        }
        let map = try node.mapping()
        try map.checkKeys(allowed: ["host-bounce"])
        let bounce = try map.required("host-bounce").mapping()
        try bounce.checkKeys(allowed: ["cores", "per-core"])
        let cores = try bounce.optional("cores")?.int(in: 1...4_096) ?? defaultCopyCores
        let perCore = try bounce.optional("per-core").map { value throws(ScenarioError) in
            try positiveBandwidth(value)
        } ?? defaultPerCoreBytesPerSecond
        return .hostBounce(copyCores: cores, perCoreMemoryBytesPerSecond: perCore)
    }

    /// Copy cores a host bounce buffer uses when the scenario does not say: one per GPU of
    /// an 8-GPU node.
    static let defaultCopyCores = 8
    /// Memory bandwidth one core sustains for a streaming copy, bytes/s: 10 GB/s, the
    /// order of single-core STREAM copy on current server CPUs (docs/resilience.md).
    static let defaultPerCoreBytesPerSecond = 10e9

    private static func positiveBandwidth(_ node: ConfigNode) throws(ScenarioError) -> Double {
        let value = try node.quantity(.bandwidth)
        guard value.isFinite, value > 0 else { throw node.error("expected a bandwidth > 0, found \(value) B/s") }
        return value
    }
}
