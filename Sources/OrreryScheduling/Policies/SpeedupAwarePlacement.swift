/// Heterogeneity-aware placement by relative speed-up, a documented greedy after Gavel
/// (Narayanan et al., OSDI'20): jobs that gain most from the fast GPUs get them.
///
/// A job's speed-up is its V100 over its P100 throughput (``GavelThroughputs``). Jobs at
/// or above the median speed-up of the run's workload try V100 nodes first, then P100,
/// then any other type; jobs below it try P100 first, leaving V100s to jobs that gain
/// more. Within a family the job is consolidated (``ConsolidatingPlacement``). Jobs
/// without a known type, or naming a GPU type, and gangs no single type can hold now, are
/// placed as ``ConsolidatingPlacement`` places them. Gavel itself solves for time shares of each type that optimise a
/// fairness or throughput objective over all jobs, with time-sliced rounds and
/// preemption; this greedy decides once per job start.
public struct SpeedupAwarePlacement: PlacementPolicy {
    /// The median V100/P100 speed-up of the jobs of known type (1 if none).
    public var medianSpeedup: Double

    public init(workload jobs: [JobSpec]) {
        let speedups = jobs.compactMap { Self.speedup(of: $0.jobType) }.sorted()
        medianSpeedup = speedups.isEmpty ? 1 : speedups[speedups.count / 2]
    }

    static func speedup(of jobType: String?) -> Double? {
        guard let jobType, let fast = GavelThroughputs.stepsPerSecond(jobType: jobType, on: .v100),
            let slow = GavelThroughputs.stepsPerSecond(jobType: jobType, on: .p100), slow > 0
        else { return nil }
        return fast / slow
    }

    public func place(_ request: ResourceRequest, in cluster: ClusterState) -> Placement? {
        let consolidate = ConsolidatingPlacement()
        guard request.gpuType == nil, let speedup = Self.speedup(of: request.jobType) else {
            return consolidate.place(request, in: cluster)
        }
        let order: [GavelThroughputs.Family] = speedup >= medianSpeedup ? [.v100, .p100] : [.p100, .v100]
        let families = cluster.gpuTypes.map { GavelThroughputs.Family(gpuType: $0) }
        let ranked = cluster.gpuTypes.indices.sorted { a, b in
            let ra = families[a].flatMap { order.firstIndex(of: $0) } ?? order.count
            let rb = families[b].flatMap { order.firstIndex(of: $0) } ?? order.count
            return ra != rb ? ra < rb : a < b
        }
        for type in ranked {
            var typed = request
            typed.gpuType = cluster.gpuTypes[type]
            if let placement = consolidate.place(typed, in: cluster) { return placement }
        }
        // No single type holds it: span types as consolidation would.
        return consolidate.place(request, in: cluster)
    }
}
