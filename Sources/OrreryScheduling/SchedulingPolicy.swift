/// A job waiting in the queue, in arrival order.
public struct PendingJob: Sendable {
    public var index: Int
    public var spec: JobSpec
}

/// Decides which waiting jobs start now and where.
///
/// The engine calls `decide` whenever the queue or the free resources change; the
/// policy returns start decisions in the order they should be applied (each one already
/// accounts for the GPUs taken by the ones before it). Richer policies (SJF, fair share,
/// backfill, preemption) plug in here.
public protocol SchedulingPolicy: Sendable {
    func decide(queue: ArraySlice<PendingJob>, cluster: ClusterState) -> [(job: Int, placement: Placement)]
}

/// First come, first served with gangs: starts jobs strictly in arrival order and stops
/// at the first one that does not fit (no job overtakes another).
public struct FIFOScheduler: SchedulingPolicy {
    public var placement: any PlacementPolicy

    public init(placement: any PlacementPolicy = ConsolidatingPlacement()) {
        self.placement = placement
    }

    public func decide(queue: ArraySlice<PendingJob>, cluster: ClusterState) -> [(job: Int, placement: Placement)] {
        var view = cluster
        var decisions: [(job: Int, placement: Placement)] = []
        for pending in queue {
            guard let chosen = placement.place(gpus: pending.spec.gpus, gpuType: pending.spec.gpuType, in: view) else { break }
            view.allocate(chosen)
            decisions.append((pending.index, chosen))
        }
        return decisions
    }
}
