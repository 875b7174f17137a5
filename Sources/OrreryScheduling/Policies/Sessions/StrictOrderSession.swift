import OrreryKernel

/// The session of the strict single-order policies (`fifo`, `lifo`, `sjf`): waiting jobs
/// in a heap by the policy's key, then arrival; a pass starts jobs from the top while
/// they fit, and the first that does not blocks the rest. O(log queue) per start.
final class StrictOrderSession: SequencingSession {
    private let jobs: JobTable
    private let placement: any PlacementPolicy
    private let key: (Int) -> Int64
    private var waiting = MinHeap<QueueKey>()

    /// - Parameter key: a job's position key (smaller first); ties go to arrival order.
    init(jobs: JobTable, placement: any PlacementPolicy, key: @escaping (Int) -> Int64) {
        self.jobs = jobs
        self.placement = placement
        self.key = key
    }

    var waitingCount: Int { waiting.count }

    func enqueue(_ job: Int, progress: SimTime) {
        waiting.push(QueueKey(key: key(job), arrival: jobs.arrival[job], job: job))
    }

    func started(_ job: RunningJob) {}
    func stopped(_ job: Int, at now: SimTime) {}

    func pass(cluster view: inout ClusterState, now: SimTime, usage: TenantUsageLedger?) -> SchedulingPlan {
        var plan = SchedulingPlan()
        while view.allocatedGPUs < view.totalGPUs, let top = waiting.min,
            let chosen = jobs.place(top.job, with: placement, in: view)
        {
            view.allocate(chosen)
            plan.start.append((top.job, chosen))
            waiting.popMin()
        }
        return plan
    }
}

extension FIFOScheduler: IncrementalSequencing {
    func makeSession(jobs: JobTable) -> any SequencingSession {
        StrictOrderSession(jobs: jobs, placement: placement) { _ in 0 }
    }
}

extension LastInFirstOutScheduler: IncrementalSequencing {
    func makeSession(jobs: JobTable) -> any SequencingSession {
        StrictOrderSession(jobs: jobs, placement: placement) { -Int64(jobs.arrival[$0]) }
    }
}

extension ShortestJobFirstScheduler: IncrementalSequencing {
    func makeSession(jobs: JobTable) -> any SequencingSession {
        StrictOrderSession(jobs: jobs, placement: placement) { jobs.duration[$0].nanoseconds }
    }
}
