/// Last in, first out with gangs: starts the newest waiting job first and stops at the
/// first one that does not fit (strict, as ``FIFOScheduler``, in reverse arrival order).
///
/// Not a policy anyone runs a cluster with; it is the mirror image of FIFO, useful in
/// tests and as a worst case for the oldest jobs' waiting time.
public struct LastInFirstOutScheduler: SchedulingPolicy {
    public var placement: any PlacementPolicy

    public init(placement: any PlacementPolicy = ConsolidatingPlacement()) {
        self.placement = placement
    }

    public func decide(queue: ArraySlice<PendingJob>, cluster: ClusterState, context: SchedulingContext)
        -> [StartDecision]
    {
        var view = cluster
        var decisions: [StartDecision] = []
        for pending in queue.reversed() {
            guard let chosen = placement.place(pending.spec.request, in: view) else { break }
            view.allocate(chosen)
            decisions.append(StartDecision(job: pending.index, placement: chosen))
        }
        return decisions
    }
}
