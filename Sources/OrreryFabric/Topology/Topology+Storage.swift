import OrreryKernel

/// Routes between a GPU's node and the storage targets, for checkpoint and data-loading
/// models. The route starts (or ends) at the node's host: the copy between GPU and host
/// memory is the caller's to model.
extension Topology {
    /// Storage targets (0 without a storage network).
    public var storageTargetCount: Int { storage?.targets ?? 0 }

    /// Equal-cost storage routes from a node: its storage NICs × the storage spines.
    public var storagePathCount: Int { storage.map { $0.nicsPerNode * $0.spines } ?? 0 }

    /// A write (checkpoint) flow from GPU `rank`'s node to a storage target:
    /// host → storage leaf → storage spine → target's leaf → target. The node's storage NIC
    /// and the spine are chosen by a stable hash of (rank, target, flow), like ECMP: choice
    /// `c` is NIC `c / spines` and spine `c % spines`.
    public func route(fromRank rank: Int, toStorageTarget target: Int, flow: UInt64) throws(TopologyError) -> [LinkID] {
        let (storage, choice) = try storageChoice(rank, target, flow)
        let key = RouteKey(kind: .toStorage, source: rank, destination: target, choice: choice)
        if let cached = cache.lookup(key) { return cached }
        let node = rank / gpusPerNode, nic = choice / storage.spines, spine = choice % storage.spines
        let nicLeaf = storage.nicLeaf(node: node, nic: nic), targetLeaf = storage.targetLeaf(target)
        let route = [
            storage.hostToLeaf(node: node, nic: nic), storage.leafToSpine(leaf: nicLeaf, spine: spine),
            storage.spineToLeaf(spine: spine, leaf: targetLeaf), storage.leafToTarget(target),
        ].map { LinkID(index: Int32(layout.storageBase + $0)) }
        cache.store(key, route)
        return route
    }

    /// A read (data loading, restore) flow from a storage target to GPU `rank`'s node: the
    /// reverse links of ``route(fromRank:toStorageTarget:flow:)`` for the same flow.
    public func route(fromStorageTarget target: Int, toRank rank: Int, flow: UInt64) throws(TopologyError) -> [LinkID] {
        let (storage, choice) = try storageChoice(rank, target, flow)
        let key = RouteKey(kind: .fromStorage, source: target, destination: rank, choice: choice)
        if let cached = cache.lookup(key) { return cached }
        let node = rank / gpusPerNode, nic = choice / storage.spines, spine = choice % storage.spines
        let nicLeaf = storage.nicLeaf(node: node, nic: nic), targetLeaf = storage.targetLeaf(target)
        let route = [
            storage.targetToLeaf(target), storage.leafToSpine(leaf: targetLeaf, spine: spine),
            storage.spineToLeaf(spine: spine, leaf: nicLeaf), storage.leafToHost(node: node, nic: nic),
        ].map { LinkID(index: Int32(layout.storageBase + $0)) }
        cache.store(key, route)
        return route
    }

    private func storageChoice(_ rank: Int, _ target: Int, _ flow: UInt64) throws(TopologyError) -> (StorageLayout, Int) {
        try checkRank(rank)
        guard let storage else { throw .noStorageTarget("this topology has no storage network") }
        guard (0..<storage.targets).contains(target) else {
            throw .noStorageTarget("no storage target \(target) (the network has \(storage.targets))")
        }
        let choice = Self.hash(UInt64(rank), ~UInt64(target), flow, modulo: storage.nicsPerNode * storage.spines)
        return (storage, choice)
    }
}
