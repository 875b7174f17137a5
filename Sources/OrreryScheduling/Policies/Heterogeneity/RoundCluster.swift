/// What a round reads and changes of the cluster (``HeterogeneityAwareRoundScheduler``):
/// the cluster itself, placing through the run's placement policy, or, when that policy
/// consolidates whole GPUs, ``WholeGPUMasks``, which make the same changes on flat
/// per-node bitsets and write the nodes they changed back once.
protocol RoundCluster {
    /// Wholly free GPUs of the type at `typeIndex`.
    func freeGPUs(typeIndex: Int) -> Int
    /// Where `placement` puts `demand` on GPUs of the type at `typeIndex` now.
    func place(_ demand: ResourceDemand, onType typeIndex: Int, by placement: any PlacementPolicy) -> Placement?
    mutating func allocate(_ placement: Placement)
    mutating func release(_ placement: Placement)
    /// Releases `gpus` whole GPUs on one node, `share` (a placement's
    /// ``Placement/wholeGPUsOnOneNode``): what a round releases, read where the placement
    /// is kept rather than copied out with it.
    mutating func release(wholeGPUs share: Placement.Share, gpus: Int)
    /// Whether every GPU (and host share) of `placement` is free.
    func hasRoom(for placement: Placement) -> Bool
    /// Whether no GPU is left wholly free.
    var isFull: Bool { get }
}

extension ClusterState: RoundCluster {
    func freeGPUs(typeIndex: Int) -> Int { freeGPUs(typeIndex: Optional(typeIndex)) }

    func place(_ demand: ResourceDemand, onType typeIndex: Int, by placement: any PlacementPolicy) -> Placement? {
        placement.place(demand, onType: typeIndex, in: self)
    }

    func hasRoom(for placement: Placement) -> Bool {
        placement.shares.allSatisfy { hasRoom(for: $0, gpuMilli: placement.gpuMilli) }
    }

    var isFull: Bool { allocatedGPUs == totalGPUs }

    mutating func release(wholeGPUs share: Placement.Share, gpus: Int) {
        release(Placement(share: share, gpuCount: gpus))
    }
}
