/// What placing whole GPUs by free counts reads (``ConsolidatingPlacement``'s rule): the
/// cluster, or the bitsets a round places on (``WholeGPUMasks``), so the rule is written
/// once for both.
protocol WholeGPUNodes {
    /// The largest GPU count of any node.
    var maxGPUsPerNode: Int { get }
    /// Wholly free GPUs of the type at `typeIndex` (any type when nil).
    func freeGPUs(typeIndex: Int?) -> Int
    /// The lowest-numbered node of type index `type` among those with the fewest wholly
    /// free GPUs, `free` or more.
    func fullestNode(type: Int, free: Int) -> Int?
    /// Nodes with exactly `free` wholly free GPUs whose type is `type` (any when nil), in
    /// index order, until `body` returns true.
    func forEachNode(type: Int?, free: Int, _ body: (Int) -> Bool)
    /// The lowest-numbered `count` wholly free GPUs of `node`.
    func freeGPUs(of node: Int, count: Int) -> GPUSet
    /// Whether `node`'s host has room for `cpuMilli` and `memoryMiB` now.
    func hostFits(_ node: Int, cpuMilli: Int, memoryMiB: Int) -> Bool
}

extension ClusterState: WholeGPUNodes {}
