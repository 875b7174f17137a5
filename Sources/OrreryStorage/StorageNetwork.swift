import OrreryFabric
import OrreryKernel

/// The storage system as links of a ``NetworkSimulator``, so checkpoint writes, restart
/// reads and any other storage traffic share bandwidth by max-min fairness.
///
/// Each tier is one link whose capacity is the tier's aggregate bandwidth and whose
/// latency is its metadata latency. A job's transfer is one flow carrying all of its
/// nodes' bytes with a rate cap of nodes × per-node rate: when every node moves an equal
/// shard at the same time, max-min fairness gives them equal rates, so the aggregate flow
/// finishes exactly when the per-node flows would, at 1/nodes of the cost.
///
/// This is the one place storage links are made; when `Topology` grows a storage
/// network, routes through it replace these links here and nowhere else.
public final class StorageNetwork {
    private let network: NetworkSimulator
    public let system: StorageSystem
    /// One link per tier, in ``StorageTarget/allCases`` order.
    private let links: [LinkID]

    public init(network: NetworkSimulator, system: StorageSystem) throws(StorageError) {
        self.network = network
        self.system = system
        var links: [LinkID] = []
        for target in StorageTarget.allCases {
            let tier = system.tier(target)
            do {
                links.append(try network.addLink(capacityBytesPerSecond: tier.aggregateBytesPerSecond,
                                                 latency: tier.metadataLatency))
            } catch {
                throw .invalidParameter(name: "storage.\(target.rawValue)", value: "\(tier)", expected: "\(error)")
            }
        }
        self.links = links
    }

    /// Reserves `bytesPerSecond` of the parallel file system for training-data reads (0
    /// releases it). A steady, capped reader gets its full rate under max-min fairness as
    /// long as it asks for less than the others' fair share, so a reservation is the same
    /// as a flow here and costs no events between phase changes. At least 1% of the tier
    /// stays for checkpoints, so they always finish.
    public func reserveDataLoading(bytesPerSecond: Double) {
        let aggregate = system.parallelFileSystem.aggregateBytesPerSecond
        do {
            try network.setCapacity(link(.parallelFileSystem),
                                    bytesPerSecond: max(aggregate - bytesPerSecond, 0.01 * aggregate))
        } catch {
            fatalError("StorageNetwork: a validated capacity was refused: \(error)")
        }
    }

    /// Moves `bytes` spread evenly over `nodes` nodes to or from `target`; `onComplete`
    /// runs when the last byte lands.
    public func transfer(bytes: Double, nodes: Int, target: StorageTarget, onComplete: @escaping (SimTime) -> Void) {
        transfer(bytes: bytes, rateCap: Double(nodes) * system.perNodeBytesPerSecond(system.tier(target)), target: target,
                 onComplete: onComplete)
    }

    /// Moves `bytes` to or from `target` at no more than `rateCap` bytes/s (what the
    /// clients involved can push or pull); `onComplete` runs when the last byte lands.
    public func transfer(bytes: Double, rateCap: Double, target: StorageTarget, onComplete: @escaping (SimTime) -> Void) {
        do {
            try network.transfer(route: [link(target)], bytes: bytes, rateCap: rateCap, onComplete: onComplete)
        } catch {
            // Bytes, caps and links were validated when the run was configured.
            fatalError("StorageNetwork: a validated transfer was refused: \(error)")
        }
    }

    private func link(_ target: StorageTarget) -> LinkID {
        links[StorageTarget.allCases.firstIndex(of: target) ?? 0]
    }
}
