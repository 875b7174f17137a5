import OrreryKernel

/// The session of the tenant-ordered policies (`fair-share`, `tenant-las`, `drf`): one
/// queue per tenant in arrival order, so a pass compares tenants (a handful) instead of
/// sorting every waiting job.
///
/// - Strict mode (fair-share, tenant-las): every job of a tenant shares its tenant's key,
///   so the definition's order "key, then arrival" is a merge of the tenant queues by
///   (tenant key, arrival of the tenant's oldest job); the first job that does not fit
///   blocks the rest.
/// - DRF mode: the tenant holding the fewest GPUs (ties: oldest job) starts its oldest
///   job; a tenant whose oldest job does not fit is passed over for the rest of the pass.
final class TenantQueuesSession: SequencingSession {
    enum Mode {
        /// The tenant's key from its usage (smaller first).
        case strict(key: (Double) -> Double)
        case dominantResourceFairness
    }

    private let jobs: JobTable
    private let placement: any PlacementPolicy
    private let mode: Mode
    private var queues: [MinHeap<QueueKey>]
    /// GPUs each tenant's running jobs hold (DRF).
    private var held: [Int]
    private(set) var waitingCount = 0

    init(jobs: JobTable, placement: any PlacementPolicy, mode: Mode) {
        self.jobs = jobs
        self.placement = placement
        self.mode = mode
        queues = Array(repeating: MinHeap(), count: jobs.tenantCount)
        held = Array(repeating: 0, count: jobs.tenantCount)
    }

    func enqueue(_ job: Int, progress: SimTime, estimate: SimTime) {
        queues[jobs.tenant[job]].push(QueueKey(key: 0, arrival: jobs.arrival[job], job: job))
        waitingCount += 1
    }

    func started(_ job: StartedRun) { held[jobs.tenant[job.index]] += job.gpus }
    func stopped(_ job: Int, at now: SimTime) { held[jobs.tenant[job]] -= jobs.gpus[job] }

    func pass(cluster: inout ClusterState, now: SimTime, usage: TenantUsageLedger?) -> SchedulingPlan {
        switch mode {
        case .strict(let key):
            let keys = queues.indices.map { tenant in key(usage?.usage(tenant: tenant, at: now) ?? 0) }
            return run(cluster: &cluster, score: { keys[$0] }, blockAll: true)
        case .dominantResourceFairness:
            // Shares have the same denominator: compare GPUs held (updated as jobs start).
            var current = held
            return run(cluster: &cluster, score: { Double(current[$0]) }, blockAll: false) { current[$0] += $1 }
        }
    }

    /// Repeatedly starts the oldest job of the tenant with the smallest (score, oldest
    /// arrival). When it does not fit: `blockAll` stops the pass, else that tenant is
    /// passed over. Stops when the cluster is full.
    private func run(
        cluster view: inout ClusterState, score: (Int) -> Double, blockAll: Bool, onStart: (Int, Int) -> Void = { _, _ in }
    ) -> SchedulingPlan {
        var plan = SchedulingPlan()
        var blocked = Array(repeating: false, count: queues.count)
        while view.allocatedGPUs < view.totalGPUs {
            var best: Int?
            var bestScore = 0.0
            for tenant in queues.indices where !blocked[tenant] {
                guard let head = queues[tenant].min else { continue }
                let value = score(tenant)
                if let current = best, let currentHead = queues[current].min,
                    value != bestScore ? value > bestScore : head.arrival > currentHead.arrival
                {
                    continue
                }
                best = tenant
                bestScore = value
            }
            guard let tenant = best, let head = queues[tenant].min else { break }
            guard let chosen = jobs.place(head.job, with: placement, in: view) else {
                if blockAll { break }
                blocked[tenant] = true
                continue
            }
            view.allocate(chosen)
            plan.start.append(StartDecision(job: head.job, placement: chosen))
            queues[tenant].popMin()
            waitingCount -= 1
            onStart(tenant, jobs.gpus[head.job])
        }
        return plan
    }
}

extension FairShareScheduler: IncrementalSequencing {
    func makeSession(jobs: JobTable) -> any SequencingSession {
        TenantQueuesSession(jobs: jobs, placement: placement, mode: .strict { $0 })
    }
}

extension LeastAttainedServiceScheduler: IncrementalSequencing {
    func makeSession(jobs: JobTable) -> any SequencingSession {
        TenantQueuesSession(jobs: jobs, placement: placement, mode: .strict { Double(level($0)) })
    }
}

extension DominantResourceFairnessScheduler: IncrementalSequencing {
    func makeSession(jobs: JobTable) -> any SequencingSession {
        TenantQueuesSession(jobs: jobs, placement: placement, mode: .dominantResourceFairness)
    }
}
