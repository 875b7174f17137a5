import OrreryKernel

/// The session of the strict single-order policies (`fifo`, `lifo`, `sjf`): waiting jobs
/// in a heap by the policy's key, then arrival; a pass starts jobs from the top while
/// they fit, and the first that does not blocks the rest. O(log queue) per start.
final class StrictOrderSession: SequencingSession {
    private let jobs: JobTable
    private let placement: any PlacementPolicy
    private let key: (_ job: Int, _ estimate: SimTime) -> Int64
    private var waiting = MinHeap<QueueKey>()

    /// - Parameter key: a job's position key from it and its duration as the policy sees
    ///   it (smaller first); ties go to arrival order.
    init(jobs: JobTable, placement: any PlacementPolicy, key: @escaping (_ job: Int, _ estimate: SimTime) -> Int64) {
        self.jobs = jobs
        self.placement = placement
        self.key = key
    }

    var waitingCount: Int { waiting.count }

    func enqueue(_ job: Int, progress: SimTime, estimate: SimTime) {
        waiting.push(QueueKey(key: key(job, estimate), arrival: jobs.arrival[job], job: job))
    }

    func started(_ job: StartedRun) {}
    func stopped(_ job: Int, at now: SimTime) {}

    func pass(cluster view: inout ClusterState, now: SimTime, usage: TenantUsageLedger?) -> SchedulingPlan {
        var plan = SchedulingPlan()
        while view.allocatedGPUs < view.totalGPUs, let top = waiting.min,
            let chosen = jobs.place(top.job, with: placement, in: view)
        {
            view.allocate(chosen)
            plan.start.append(StartDecision(job: top.job, placement: chosen))
            waiting.popMin()
        }
        return plan
    }
}

extension FIFOScheduler: IncrementalSequencing {
    func makeSession(jobs: JobTable) -> any SequencingSession {
        StrictOrderSession(jobs: jobs, placement: placement) { _, _ in 0 }
    }
}

extension LastInFirstOutScheduler: IncrementalSequencing {
    func makeSession(jobs: JobTable) -> any SequencingSession {
        StrictOrderSession(jobs: jobs, placement: placement) { job, _ in -Int64(jobs.arrival[job]) }
    }
}

extension ShortestJobFirstScheduler: IncrementalSequencing {
    func makeSession(jobs: JobTable) -> any SequencingSession {
        StrictOrderSession(jobs: jobs, placement: placement) { _, estimate in estimate.nanoseconds }
    }
}
