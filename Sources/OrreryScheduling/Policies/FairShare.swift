import OrreryKernel

/// Fair share (Kay & Lauder 1988, "A fair share scheduler"; as in Slurm's fair-share
/// factor with `PriorityDecayHalfLife`), non-preemptive, with gangs.
///
/// Each tenant's usage is the GPU-time of its finished and running jobs, decayed with a
/// half-life (default 1 h): a GPU-second used `a` ago counts 2^(−a / half-life)
/// (``DecayedUsage``). Waiting jobs are taken by their tenant's usage, least first (ties:
/// arrival order), until the first that does not fit, which blocks the rest as FIFO's
/// head does. Usage is read once per pass: jobs started in a pass have used nothing yet.
/// Unlike Slurm there are no shares (every tenant is entitled to the same) and no other
/// priority factors.
public struct FairShareScheduler: SchedulingPolicy {
    public var placement: any PlacementPolicy
    /// Usage half-life; `.max` disables decay.
    public var halfLife: SimTime

    public init(placement: any PlacementPolicy = ConsolidatingPlacement(), halfLife: SimTime = .hour) {
        self.placement = placement
        self.halfLife = halfLife
    }

    public var tenantUsageHalfLife: SimTime? { halfLife }

    public func decide(queue: ArraySlice<PendingJob>, cluster: ClusterState, context: SchedulingContext)
        -> [StartDecision]
    {
        startInOrder(of: queue, cluster: cluster, placement: placement) { context.tenantUsage[$0.spec.tenant] ?? 0 }
    }
}
