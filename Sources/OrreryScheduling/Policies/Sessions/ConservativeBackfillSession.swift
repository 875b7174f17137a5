import OrreryKernel

/// The session of `conservative-backfill`: the plan is kept across passes instead of
/// replanned from scratch on every pass.
///
/// Rigid jobs end exactly when planned, so while every job reserved for "now" starts now
/// the plan a fresh pass would make is the kept one: each waiting job's earliest start,
/// found against the same profile, is unchanged (a window that opened later cannot be
/// found earlier; one found earlier would have been found then). New arrivals, which
/// come after every planned job in arrival order, are planned against the kept profile.
/// So a pass only starts the jobs reserved for now and plans the jobs not planned yet.
///
/// The plan is rebuilt with the definition (``ConservativeBackfillScheduler/plan(queue:cluster:context:)``)
/// whenever that argument does not hold: a job reserved for now cannot be placed (it is
/// moved to a later change, which the definition would revise next pass), the last
/// rebuild moved or left out a job, jobs plan on more than one GPU-type profile (a typed
/// start changes an untyped plan it was not subtracted from), a job started to end other
/// than its duration after (a ``RunTimeModel`` slowed it or sped it up on its
/// placement), or, as a safety net, the kept plan disagrees with the cluster's free GPUs
/// now (shared GPUs make this common: a share that starts or ends changes the count of
/// GPUs with room by 0 or 1, not by its GPU).
final class ConservativeBackfillSession: SequencingSession {
    private let jobs: JobTable
    private let policy: ConservativeBackfillScheduler
    /// Whether every job plans on one profile (one GPU type key), so plans can be kept.
    private let singleProfile: Bool
    /// Waiting jobs in arrival order (non-preemptive: arrivals come in this order);
    /// started jobs are dropped lazily.
    private var waiting: [Int] = []
    private var waitingHead = 0
    private var isWaiting: [Bool]
    private(set) var waitingCount = 0
    private var running: RunsByEnd

    /// The kept plan: nil when the next pass must rebuild it.
    private var profile: ConservativeBackfillScheduler.Profile?
    /// Planned jobs' reserved starts (the key, in ns), then arrival.
    private var reserved = MinHeap<QueueKey>()
    /// Waiting jobs not planned yet: `waiting[firstUnplanned...]`, in arrival order.
    private var firstUnplanned = 0

    init(jobs: JobTable, policy: ConservativeBackfillScheduler) {
        self.jobs = jobs
        self.policy = policy
        singleProfile = Set(jobs.typeKey).count <= 1
        isWaiting = Array(repeating: false, count: jobs.gpus.count)
        running = RunsByEnd(jobCount: jobs.gpus.count)
    }

    func enqueue(_ job: Int, progress: SimTime, estimate: SimTime) {
        waiting.append(job)
        isWaiting[job] = true
        waitingCount += 1
    }

    func started(_ job: StartedRun) {
        running.insert(job, jobs: jobs)
        // The plan reserved the job's duration from now; a job its placement slows down
        // or speeds up (``RunTimeModel``) ends elsewhere, and the plan must be rebuilt.
        if job.expectedEnd != job.runStart + jobs.duration[job.index] { profile = nil }
    }
    func stopped(_ job: Int, at now: SimTime) { running.remove(job: job) }

    private func take(_ job: Int) {
        isWaiting[job] = false
        waitingCount -= 1
    }

    func pass(cluster: inout ClusterState, now: SimTime, usage: TenantUsageLedger?) -> SchedulingPlan {
        // With nothing waiting or no GPU free the definition decides nothing; the kept
        // plan is checked at the next pass that can start something.
        guard waitingCount > 0, cluster.allocatedGPUs < cluster.totalGPUs else { return SchedulingPlan() }
        compactWaiting()
        if singleProfile, var kept = profile, let plan = passOnKeptPlan(&kept, cluster: &cluster, now: now) {
            profile = kept
            return plan
        }
        let plan = rebuild(cluster: cluster, now: now)
        for start in plan.start { cluster.allocate(start.placement) }
        return plan
    }

    /// A pass on the kept plan, or nil if it does not hold (then nothing was changed but
    /// `kept`, which the caller drops, and `view` is as it was).
    private func passOnKeptPlan(_ kept: inout ConservativeBackfillScheduler.Profile, cluster view: inout ClusterState, now: SimTime)
        -> SchedulingPlan?
    {
        kept.advance(to: now)
        if let top = reserved.min, top.key < now.nanoseconds { return nil }
        // Planned jobs reserved for now, in arrival order (they precede every unplanned one).
        var reservedNow: [QueueKey] = []
        var reservedGPUs = 0
        while let top = reserved.min, top.key == now.nanoseconds {
            reservedNow.append(top)
            reservedGPUs += jobs.gpus[top.job]
            reserved.popMin()
        }
        var plan = SchedulingPlan()
        // Undoes the pass when the kept plan turns out not to hold.
        func abandon() -> SchedulingPlan? {
            for entry in reservedNow { reserved.push(entry) }
            view.undoAllocations(plan.start.map(\.placement))
            return nil
        }
        // The plan's free GPUs now leave out those reserved for now, not started yet.
        guard kept.free[0] + reservedGPUs == freeGPUs(in: view) else { return abandon() }
        for entry in reservedNow {
            guard view.allocatedGPUs < view.totalGPUs, let chosen = jobs.place(entry.job, with: policy.placement, in: view) else {
                return abandon()
            }
            view.allocate(chosen)
            plan.start.append(StartDecision(job: entry.job, placement: chosen))
        }
        // Then the unplanned jobs, in arrival order, until no GPU is free.
        var next = firstUnplanned
        var newlyReserved: [QueueKey] = []
        while next < waiting.count, view.allocatedGPUs < view.totalGPUs {
            let job = waiting[next]
            guard isWaiting[job] else { next += 1; continue }
            guard let start = kept.earliestStart(gpus: jobs.gpus[job], duration: jobs.duration[job], notBefore: now) else {
                return abandon()
            }
            if start == now {
                guard let chosen = jobs.place(job, with: policy.placement, in: view) else { return abandon() }
                view.allocate(chosen)
                plan.start.append(StartDecision(job: job, placement: chosen))
            } else {
                newlyReserved.append(QueueKey(key: start.nanoseconds, arrival: jobs.arrival[job], job: job))
            }
            kept.reserve(gpus: jobs.gpus[job], from: start, for: jobs.duration[job])
            next += 1
        }
        firstUnplanned = next
        for entry in newlyReserved { reserved.push(entry) }
        for start in plan.start { take(start.job) }
        return plan
    }

    /// Free GPUs now on the single profile (of the jobs' type, or all).
    private func freeGPUs(in cluster: ClusterState) -> Int {
        guard let type = jobs.typeNames.first else { return cluster.totalGPUs - cluster.allocatedGPUs }
        return cluster.freeGPUs(ofType: type)
    }

    /// Replans from scratch with the definition, and keeps the plan if it is exact.
    private func rebuild(cluster: ClusterState, now: SimTime) -> SchedulingPlan {
        let queue = waiting[waitingHead...].filter { isWaiting[$0] }
        let pending = queue.map { PendingJob(index: $0, spec: jobs.specs[$0]) }
        let runs = running.inOrder().map {
            RunningJob(index: $0.job, gpus: $0.gpus, gpuType: jobs.specs[$0.job].gpuType, expectedEnd: $0.end)
        }
        let outcome = policy.plan(queue: pending[...], cluster: cluster, context: SchedulingContext(now: now, running: runs))
        for decision in outcome.decisions { take(decision.job) }
        reserved = MinHeap()
        profile = nil
        if singleProfile, outcome.isExact, let kept = outcome.profiles.values.first {
            profile = kept
            for (job, start) in outcome.reservations {
                reserved.push(QueueKey(key: start.nanoseconds, arrival: jobs.arrival[job], job: job))
            }
            // Everything walked is planned or started; the rest is not planned yet.
            firstUnplanned = outcome.walked < queue.count
                ? waiting.indices.first { $0 >= waitingHead && waiting[$0] == queue[outcome.walked] } ?? waiting.count
                : waiting.count
        }
        return SchedulingPlan(start: outcome.decisions)
    }

    /// Drops started jobs from the front of `waiting`, and compacts it when they dominate.
    private func compactWaiting() {
        while waitingHead < waiting.count && !isWaiting[waiting[waitingHead]] { waitingHead += 1 }
        guard waitingHead > 1024 && waitingHead * 2 > waiting.count else { return }
        firstUnplanned = Swift.max(0, firstUnplanned - waitingHead)
        waiting.removeFirst(waitingHead)
        waitingHead = 0
    }
}

extension ConservativeBackfillScheduler: IncrementalSequencing {
    func makeSession(jobs: JobTable) -> any SequencingSession {
        ConservativeBackfillSession(jobs: jobs, policy: self)
    }
}
