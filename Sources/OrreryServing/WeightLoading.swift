import OrreryKernel
import OrreryStorage

/// Where a starting replica reads its weights from, through the storage model
/// (`OrreryStorage`): the bytes travel as a flow on the tier's link of a
/// ``StorageNetwork``, so replicas starting together share the tier's aggregate bandwidth
/// by max-min fairness, each capped at what its own nodes can pull.
///
/// A replica's read is one flow of its weight bytes with a rate cap of its nodes' client
/// rate (``StorageSystem/perNodeBytesPerSecond(_:)`` × the nodes its GPUs span, at least
/// one), or `perReplicaBytesPerSecond` when given; it lands after the tier's metadata
/// (first-byte) latency plus the time the bytes take at the rate they get. Uncontended:
///
///     t_load = metadata latency + weight bytes / min(aggregate, cap)
public struct WeightLoading: Sendable, Equatable {
    /// The default store: the object store of ``StorageSystem/llama3Tectonic`` (1 TB/s
    /// aggregate, 5 GB/s per client, 100 ms first byte). Serving fleets usually pull model
    /// weights from an object store (or a cache in front of one); give `storage` to
    /// describe another.
    public static let defaultStorage = StorageSystem.llama3Tectonic
    public static let defaultTier = StorageTarget.objectStore

    public var storage: StorageSystem
    public var tier: StorageTarget
    /// A replica's read rate when set (a local NVMe SSD, a measured client), replacing
    /// its nodes' client rate; the tier's aggregate still bounds concurrent loads.
    public var perReplicaBytesPerSecond: Double?

    public init(storage: StorageSystem = defaultStorage, tier: StorageTarget = defaultTier, perReplicaBytesPerSecond: Double? = nil) {
        self.storage = storage
        self.tier = tier
        self.perReplicaBytesPerSecond = perReplicaBytesPerSecond
    }

    /// Bytes/s one replica on `nodes` nodes reads at, alone on the tier.
    public func readCap(nodes: Int) -> Double {
        perReplicaBytesPerSecond ?? Double(Swift.max(nodes, 1)) * storage.perNodeBytesPerSecond(storage.tier(tier))
    }

    /// Seconds to load `bytes` with nothing else on the tier.
    public func uncontendedSeconds(bytes: Double, nodes: Int) -> Double {
        let rate = Swift.min(readCap(nodes: nodes), storage.tier(tier).aggregateBytesPerSecond)
        return storage.tier(tier).metadataLatency.seconds + bytes / rate
    }

    func validate() throws(ServingError) {
        if let rate = perReplicaBytesPerSecond, !(rate.isFinite && rate > 0) {
            throw .invalidConfiguration("autoscaler: storage bandwidth must be > 0, got \(rate)")
        }
    }
}
