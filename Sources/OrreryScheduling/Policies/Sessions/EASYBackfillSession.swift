import OrreryKernel

/// The session of `easy-backfill`: the same decisions as
/// ``EASYBackfillScheduler/decide(queue:cluster:context:)`` without scanning the queue.
///
/// The FIFO prefix and the head come from a heap in arrival order. The backfill scan
/// ("each later job, in order, that fits now and ends by the reservation or uses only
/// extra GPUs") is a merge over ``WaitingBuckets``: within a bucket every job has the
/// same size and type, so the next candidate is the first waiting job after the cursor
/// whose duration is short enough (or any, when its size fits the extra GPUs or its type
/// cannot delay the head). The conditions only tighten during a pass (free and extra
/// GPUs shrink), so each bucket's cursor only moves forward.
final class EASYBackfillSession: SequencingSession {
    private let jobs: JobTable
    private let placement: any PlacementPolicy
    /// Waiting jobs in arrival order; started jobs are dropped lazily.
    private var arrivals = MinHeap<QueueKey>()
    private var isWaiting: [Bool]
    private var buckets: WaitingBuckets
    private var running: RunsByEnd
    /// Per job: its duration as the policy sees it (the trace's, or an estimate).
    private var estimates: [SimTime]
    private(set) var waitingCount = 0

    init(jobs: JobTable, placement: any PlacementPolicy) {
        self.jobs = jobs
        self.placement = placement
        isWaiting = Array(repeating: false, count: jobs.gpus.count)
        buckets = WaitingBuckets(jobs: jobs)
        running = RunsByEnd(jobCount: jobs.gpus.count)
        estimates = jobs.duration
    }

    func enqueue(_ job: Int, progress: SimTime, estimate: SimTime) {
        arrivals.push(QueueKey(key: 0, arrival: jobs.arrival[job], job: job))
        isWaiting[job] = true
        estimates[job] = estimate
        buckets.setWaiting(job, duration: estimate)
        waitingCount += 1
    }

    func started(_ job: StartedRun) { running.insert(job, jobs: jobs) }
    func stopped(_ job: Int, at now: SimTime) { running.remove(job: job) }

    private func take(_ job: Int) {
        isWaiting[job] = false
        buckets.setNotWaiting(job)
        waitingCount -= 1
    }

    /// The oldest waiting job.
    private func head() -> QueueKey? {
        while let top = arrivals.min, !isWaiting[top.job] { arrivals.popMin() }
        return arrivals.min
    }

    func pass(cluster view: inout ClusterState, now: SimTime, usage: TenantUsageLedger?) -> SchedulingPlan {
        var plan = SchedulingPlan()
        var prefix: [RunsByEnd.Run] = []
        // Start jobs in order while they fit, as FIFO does.
        while let top = head() {
            guard let chosen = jobs.place(top.job, with: placement, in: view) else { break }
            view.allocate(chosen)
            plan.start.append(StartDecision(job: top.job, placement: chosen))
            prefix.append(.init(end: now + estimates[top.job], job: top.job, gpus: jobs.gpus[top.job], typeKey: jobs.typeKey[top.job]))
            take(top.job)
            arrivals.popMin()
        }
        guard let blocked = head() else { return plan }
        let headJob = blocked.job
        guard var reservation = reservation(for: headJob, view: view, prefix: prefix.sorted(), now: now) else { return plan }
        let headType = jobs.typeKey[headJob]
        var cursors = buckets.buckets.indices.map { buckets.firstSlot($0, after: blocked.arrival) }
        while true {
            let free = view.totalGPUs - view.allocatedGPUs
            if free == 0 { break }
            // The earliest eligible job over all buckets.
            var best: (bucket: Int, slot: Int, arrival: Int)?
            for (index, bucket) in buckets.buckets.enumerated() where bucket.gpus <= free {
                let competes = JobTable.competes(bucket.typeKey, headType)
                let anyDuration = !competes || bucket.gpus <= reservation.extra
                let limit = anyDuration ? Int64.max - 1 : (reservation.shadow - now).nanoseconds
                guard let slot = buckets.first(index, from: cursors[index], durationAtMost: limit) else { continue }
                let arrival = jobs.arrival[buckets.job(index, slot: slot)]
                if best.map({ arrival < $0.arrival }) ?? true { best = (index, slot, arrival) }
            }
            guard let candidate = best else { break }
            cursors[candidate.bucket] = candidate.slot + 1
            let job = buckets.job(candidate.bucket, slot: candidate.slot)
            guard let chosen = jobs.place(job, with: placement, in: view) else { continue }
            view.allocate(chosen)
            plan.start.append(StartDecision(job: job, placement: chosen))
            take(job)
            let endsInTime = now + estimates[job] <= reservation.shadow
            if !endsInTime && JobTable.competes(jobs.typeKey[job], headType) { reservation.extra -= jobs.gpus[job] }
        }
        return plan
    }

    /// As ``EASYBackfillScheduler/reservation(for:cluster:running:now:)``: walks the
    /// running jobs and this pass's starts (`prefix`, by end) in end order, ends already
    /// past counting as now.
    private func reservation(for head: Int, view: ClusterState, prefix: [RunsByEnd.Run], now: SimTime)
        -> EASYBackfillScheduler.Reservation?
    {
        let type = jobs.typeKey[head]
        let need = jobs.gpus[head]
        var free = type == 0
            ? view.totalGPUs - view.allocatedGPUs
            : view.freeGPUs(ofType: jobs.specs[head].gpuType)
        var ordered = running.inOrder()
        // Runs past their expected end (estimates they outlived) end now: they come first,
        // by job index, as the definition orders equal ends.
        var past = 0
        while past < ordered.count && ordered[past].end < now { past += 1 }
        if past > 0 {
            for index in 0..<past { ordered[index].end = now }
            var end = past
            while end < ordered.count && ordered[end].end == now { end += 1 }
            ordered[0..<end].sort()
        }
        var a = 0, b = 0
        while a < ordered.count || b < prefix.count {
            let run: RunsByEnd.Run
            if b == prefix.count || (a < ordered.count && ordered[a] < prefix[b]) {
                run = ordered[a]; a += 1
            } else {
                run = prefix[b]; b += 1
            }
            guard type == 0 || JobTable.competes(run.typeKey, type) else { continue }
            free += run.gpus
            if free >= need { return .init(shadow: run.end, extra: free - need) }
        }
        return nil
    }
}

extension EASYBackfillScheduler: IncrementalSequencing {
    func makeSession(jobs: JobTable) -> any SequencingSession {
        EASYBackfillSession(jobs: jobs, placement: placement)
    }
}
