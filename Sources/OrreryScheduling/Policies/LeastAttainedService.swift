import OrreryKernel

/// Least attained service, in the discretised form of Tiresias' 2D-LAS (Gu et al.,
/// "Tiresias: A GPU Cluster Manager for Distributed Deep Learning", NSDI'19), applied
/// to *tenants*, non-preemptive, with gangs.
///
/// Per-job LAS degenerates here: a rigid, non-preemptive job has attained no service
/// while it waits, so every waiting job ties and LAS is FIFO. Instead, attained service
/// is the tenant's: the GPU-seconds (GPUs × time, Tiresias' two dimensions) of its
/// finished and running jobs, undecayed. As in Tiresias, it is discretised into queues
/// by thresholds: queue k holds jobs whose tenant's service is in
/// [thresholds[k−1], thresholds[k]); lower queues go first and each queue is FIFO, so
/// small differences in service do not reorder jobs. Jobs are started in that order
/// until the first that does not fit, which blocks the rest. Tiresias also preempts and
/// promotes starving jobs; neither is modelled. The default single threshold (10
/// GPU-hours, two queues) is Orrery's choice, not a value from the paper.
public struct LeastAttainedServiceScheduler: SchedulingPolicy {
    public var placement: any PlacementPolicy
    /// Queue boundaries in GPU-seconds, ascending.
    public var thresholds: [Double]

    public init(placement: any PlacementPolicy = ConsolidatingPlacement(), thresholds: [Double] = [10 * 3600]) {
        self.placement = placement
        self.thresholds = thresholds.sorted()
    }

    public var tenantUsageHalfLife: SimTime? { .max }

    /// The queue for a tenant that has attained `service` GPU-seconds.
    func level(_ service: Double) -> Int {
        thresholds.firstIndex { service < $0 } ?? thresholds.count
    }

    public func decide(queue: ArraySlice<PendingJob>, cluster: ClusterState, context: SchedulingContext)
        -> [StartDecision]
    {
        startInOrder(of: queue, cluster: cluster, placement: placement) { Double(level(context.tenantUsage[$0.spec.tenant] ?? 0)) }
    }
}
