import OrreryKernel

/// One storage service as the job's nodes see it.
public struct StorageTier: Sendable, Equatable {
    /// Bytes/s the whole service sustains, shared by every reader and writer.
    public var aggregateBytesPerSecond: Double
    /// Bytes/s one client node can push or pull (its mount, its share of the service's servers).
    public var perClientBytesPerSecond: Double
    /// Time before the first byte moves (file create/open on the metadata servers, or an
    /// object PUT/GET's first-byte latency).
    public var metadataLatency: SimTime

    public init(aggregateBytesPerSecond: Double, perClientBytesPerSecond: Double, metadataLatency: SimTime)
        throws(StorageError)
    {
        for (field, value) in [("aggregateBytesPerSecond", aggregateBytesPerSecond),
                               ("perClientBytesPerSecond", perClientBytesPerSecond)]
        where !(value.isFinite && value > 0) {
            throw .invalidParameter(name: "storage.\(field)", value: "\(value)", expected: "a finite bandwidth > 0")
        }
        guard metadataLatency >= .zero else {
            throw .invalidParameter(name: "storage.metadataLatency", value: "\(metadataLatency)", expected: "≥ 0")
        }
        self.aggregateBytesPerSecond = aggregateBytesPerSecond
        self.perClientBytesPerSecond = perClientBytesPerSecond
        self.metadataLatency = metadataLatency
    }
}

/// How checkpoint bytes travel between GPU memory and the storage network.
public enum StorageDataPath: Sendable, Equatable {
    /// GPUDirect Storage: DMA between GPU memory and the storage NIC, no host copy.
    case gpuDirect
    /// Bytes bounce through a host buffer copied by `copyCores` CPU cores, each moving
    /// `perCoreMemoryBytesPerSecond` of memory traffic; a byte is written and read once in
    /// host memory, so the path carries half that rate.
    case hostBounce(copyCores: Int, perCoreMemoryBytesPerSecond: Double)
}

/// The storage a cluster reads and writes: training checkpoints and restarts, model
/// weights for serving replicas that start up.
public struct StorageSystem: Sendable, Equatable {
    public var parallelFileSystem: StorageTier
    public var objectStore: StorageTier
    public var dataPath: StorageDataPath
    /// Bytes/s of a node's storage (front-end) network ports.
    public var clientNetworkBytesPerSecond: Double
    /// Bytes/s each node reads from the parallel file system for training data while the
    /// job runs (0: data is local or negligible). Checkpoint traffic gets what is left.
    public var dataLoadingBytesPerSecondPerNode: Double

    public init(
        parallelFileSystem: StorageTier, objectStore: StorageTier, dataPath: StorageDataPath = .gpuDirect,
        clientNetworkBytesPerSecond: Double, dataLoadingBytesPerSecondPerNode: Double = 0
    ) throws(StorageError) {
        guard dataLoadingBytesPerSecondPerNode.isFinite, dataLoadingBytesPerSecondPerNode >= 0 else {
            throw .invalidParameter(name: "storage.dataLoadingBytesPerSecondPerNode",
                                    value: "\(dataLoadingBytesPerSecondPerNode)", expected: "a finite bandwidth ≥ 0")
        }
        guard clientNetworkBytesPerSecond.isFinite, clientNetworkBytesPerSecond > 0 else {
            throw .invalidParameter(name: "storage.clientNetworkBytesPerSecond", value: "\(clientNetworkBytesPerSecond)",
                                    expected: "a finite bandwidth > 0")
        }
        if case .hostBounce(let cores, let perCore) = dataPath, !(cores >= 1 && perCore.isFinite && perCore > 0) {
            throw .invalidParameter(name: "storage.dataPath", value: "host bounce, \(cores) cores at \(perCore) B/s",
                                    expected: "≥ 1 copy core and a finite per-core bandwidth > 0")
        }
        self.parallelFileSystem = parallelFileSystem
        self.objectStore = objectStore
        self.dataPath = dataPath
        self.clientNetworkBytesPerSecond = clientNetworkBytesPerSecond
        self.dataLoadingBytesPerSecondPerNode = dataLoadingBytesPerSecondPerNode
    }

    /// The rate one node can move checkpoint bytes to or from `tier`: the least of the
    /// tier's per-client limit, the node's storage ports and the data path.
    public func perNodeBytesPerSecond(_ tier: StorageTier) -> Double {
        var rate = min(tier.perClientBytesPerSecond, clientNetworkBytesPerSecond)
        if case .hostBounce(let cores, let perCore) = dataPath { rate = min(rate, Double(cores) * perCore / 2) }
        return rate
    }

    public func tier(_ target: StorageTarget) -> StorageTier {
        switch target {
        case .parallelFileSystem: parallelFileSystem
        case .objectStore: objectStore
        }
    }

    /// Seconds to move `bytes` spread evenly over `nodes` nodes with nothing else on the
    /// tier: the estimate Young/Daly intervals use (the timeline simulates contention).
    public func uncontendedSeconds(bytes: Double, nodes: Int, target: StorageTarget) -> Double {
        let tier = tier(target)
        let rate = min(tier.aggregateBytesPerSecond, Double(nodes) * perNodeBytesPerSecond(tier))
        return tier.metadataLatency.seconds + bytes / rate
    }

    /// A Llama 3-class cluster store: the paper's Tectonic deployment sustains 2 TB/s
    /// (peak 7 TB/s) for 16k GPUs; 25 GB/s per node (two 100 Gb/s front-end ports),
    /// 50 ms metadata latency (assumed); an object store at 1 TB/s, 5 GB/s per client,
    /// 100 ms first byte (assumed).
    public static let llama3Tectonic = try! StorageSystem(
        parallelFileSystem: StorageTier(aggregateBytesPerSecond: 2e12, perClientBytesPerSecond: 25e9,
                                        metadataLatency: .seconds(0.05)),
        objectStore: StorageTier(aggregateBytesPerSecond: 1e12, perClientBytesPerSecond: 5e9,
                                 metadataLatency: .seconds(0.1)),
        dataPath: .gpuDirect, clientNetworkBytesPerSecond: 25e9)
}

/// Where checkpoints are written and read.
public enum StorageTarget: String, Sendable, Equatable, CaseIterable {
    case parallelFileSystem = "parallel-file-system"
    case objectStore = "object-store"
}
