import OrreryKernel

/// Dominant Resource Fairness (Ghodsi et al., "Dominant Resource Fairness: Fair
/// Allocation of Multiple Resource Types", NSDI'11) as a non-preemptive sequencer, by
/// progressive filling: repeatedly the tenant with the lowest dominant share starts its
/// oldest waiting job; a tenant whose oldest job does not fit is passed over for the rest
/// of the pass (its jobs stay in order); ties go to the tenant whose oldest job arrived
/// first.
///
/// The dominant share is the GPU share: the tenant's allocated GPUs (a shared GPU counting
/// as one) over the cluster's; jobs' host CPU and memory are not a DRF dimension yet. With
/// one resource DRF is max-min fairness on GPUs held now (not on usage over time, as
/// `fair-share`).
public struct DominantResourceFairnessScheduler: SchedulingPolicy {
    public var placement: any PlacementPolicy

    public init(placement: any PlacementPolicy = ConsolidatingPlacement()) {
        self.placement = placement
    }

    public func decide(queue: ArraySlice<PendingJob>, cluster: ClusterState, context: SchedulingContext)
        -> [StartDecision]
    {
        // Each tenant's waiting jobs, oldest first, and GPUs held now.
        var tenantOf: [String: Int] = [:]
        var waiting: [[Int]] = []
        for offset in queue.indices {
            let tenant = queue[offset].spec.tenant
            let id = tenantOf[tenant] ?? { tenantOf[tenant] = waiting.count; waiting.append([]); return waiting.count - 1 }()
            waiting[id].append(offset)
        }
        var held = Array(repeating: 0, count: waiting.count)
        for job in context.running { if let id = tenantOf[job.tenant] { held[id] += job.gpus } }
        var next = Array(repeating: 0, count: waiting.count)
        var blocked = Array(repeating: false, count: waiting.count)
        var view = cluster
        var decisions: [StartDecision] = []
        while view.allocatedGPUs < view.totalGPUs {
            var best: Int?
            for id in waiting.indices where !blocked[id] && next[id] < waiting[id].count {
                guard let current = best else { best = id; continue }
                // Shares have the same denominator: compare GPUs held.
                if held[id] != held[current] ? held[id] < held[current] : waiting[id][next[id]] < waiting[current][next[current]] {
                    best = id
                }
            }
            guard let id = best else { break }
            let pending = queue[waiting[id][next[id]]]
            guard let chosen = placement.place(pending.spec.request, in: view) else {
                blocked[id] = true
                continue
            }
            view.allocate(chosen)
            decisions.append(StartDecision(job: pending.index, placement: chosen))
            held[id] += pending.spec.gpus
            next[id] += 1
        }
        return decisions
    }
}
