import OrreryKernel

/// The session of the rank-ordered preemptive policies (`priority`, `srtf`, `las`,
/// `gittins`): the same plans as ``RankedPreemptiveScheduler/plan(queue:cluster:context:)``
/// without ranking and sorting the queue on every pass.
///
/// A waiting job's rank depends only on what it has run, which does not change while it
/// waits, so it is computed once per enqueue and waiting jobs sit in heaps by (rank,
/// arrival). The definition's walk has two phases: jobs ranked better than the worst
/// preemptible running job may preempt (walked in order from the global heap); after
/// the first that is not, no job may, and the rest of the walk only starts jobs that fit
/// now, in order: a merge over one heap per (GPU count, type), since within such a
/// bucket only the best job matters until it starts or fails to place.
///
/// Running jobs are ranked on every pass (their ranks move as they run), but only those
/// that could rank below the best waiting job: each run keeps a bound on its rank
/// (``JobRanking/rankHold(_:)``: SRTF's rank only falls, a priority never changes, a LAS
/// queue holds until the next threshold, a Gittins rank stays under a ceiling over a few
/// service samples; ``RunRankBounds``), re-armed when it expires, and
/// a pass visits only the runs whose bound is above that job's rank. A job that cannot
/// rank below every waiting job can never be a victim, nor change whether anyone may
/// preempt. A bound that is the rank itself (LAS, priority) costs no ranking. Reviews
/// (``nextReview(now:)``) look only at runs still before their minimum runtime or whose
/// rank may still change.
///
/// The session's state is `@exclusivity(unchecked)`: a run makes tens of thousands of
/// passes that touch it millions of times, one thread at a time and never through
/// overlapping accesses, and a dynamic check per access was 6 % of `srtf` and `gittins`.
final class RankedPreemptiveSession: SequencingSession {
    struct Entry: Comparable {
        var rank: Double
        var arrival: Int
        var job: Int
        var version: Int

        static func < (a: Entry, b: Entry) -> Bool { a.rank != b.rank ? a.rank < b.rank : a.arrival < b.arrival }
    }

    private let jobs: JobTable
    private let policy: RankedPreemptiveScheduler
    /// The policy's ranking, as its own type where it is one whose ranks a pass computes
    /// by the million: a pass is generic over the ranking and made for each of these, so
    /// a rank is a direct (often inlined) call, not a projection of the existential and a
    /// witness call (a twentieth of a `gittins` run).
    private enum RankingKind {
        case gittins(GittinsRanking)
        case remainingTime(RemainingTimeRanking)
        case other(any JobRanking)
    }

    private let rankingKind: RankingKind
    /// Waiting jobs by (rank, arrival); entries of jobs that started or were enqueued
    /// again since are stale and dropped when they surface.
    @exclusivity(unchecked) private var waiting = MinHeap<Entry>()
    @exclusivity(unchecked) private var byBucket: [MinHeap<Entry>]
    @exclusivity(unchecked) private var bucketOf: [Int]
    private let bucketGPUs: [Int]
    /// Per job: the version of its live entry, and whether it waits.
    @exclusivity(unchecked) private var version: [Int]
    @exclusivity(unchecked) private var isWaiting: [Bool]
    @exclusivity(unchecked) private(set) var waitingCount = 0
    /// What ranking a running job leaves behind: the ranking's scratch state
    /// (``RankCache``), and its rank at the instant of the last pass if that pass ranked
    /// it (`instant` is that pass's serial, -1 for none): a pass that follows a
    /// preemption at the same instant finds the runs' ranks unchanged.
    struct RankMemo {
        var cache = RankCache()
        var rank = 0.0
        var instant = -1
    }

    /// What a running job's rank is computed from: its run's start, progress before it,
    /// restart overhead and pace (``RunningJob/pace``), and the job's GPUs, priority and
    /// duration as the policy sees it.
    struct RunFacts {
        var runStart: SimTime
        var progressAtStart: SimTime
        var restartDelay: SimTime
        var pace: Double
        var gpus: Int
        var priority: Int
        var duration: SimTime

        func progress(at now: SimTime) -> SimTime {
            RunningJob.progress(at: now, runStart: runStart, restartDelay: restartDelay, progressAtStart: progressAtStart, pace: pace)
        }

        /// What the ranking reads about the run at `now`.
        func state(at now: SimTime) -> RankedJob {
            RankedJob(gpus: gpus, duration: duration, priority: priority, progress: progress(at: now))
        }

        /// When the run makes progress again after `now`: past its restart overhead.
        func resume(after now: SimTime) -> SimTime { Swift.max(now, runStart + restartDelay) }
    }

    /// A running job as the session keeps it: its ``RunFacts``, whether its rank once known
    /// bounds its rank for the rest of the run (its hold at the start was for the rest of
    /// the run, without a ceiling: SRTF; a pass that finds it ranked no worse than every
    /// waiting job re-arms its bound there), and its ``RankMemo``. Its placement is in the
    /// model's column (``JobTable/placements``).
    struct Run {
        var facts: RunFacts
        var boundTightens = false
        var memo = RankMemo()
    }

    /// Per job: its duration as the policy sees it.
    @exclusivity(unchecked) private var estimates: [SimTime]
    /// Serial of the last pass's instant (raised when time has moved), and that instant.
    @exclusivity(unchecked) private var instant = 0
    @exclusivity(unchecked) private var instantTime: SimTime?
    /// The running jobs, their records and bounds on their ranks.
    @exclusivity(unchecked) private var bounds: RunRankBounds<Run>
    /// Running jobs a review may still concern (see ``nextReview(now:)``), each once.
    @exclusivity(unchecked) private var reviewable: [Int] = []
    @exclusivity(unchecked) private var isReviewable: [Bool]

    init(jobs: JobTable, policy: RankedPreemptiveScheduler) {
        self.jobs = jobs
        self.policy = policy
        switch policy.ranking {
        case let ranking as GittinsRanking: rankingKind = .gittins(ranking)
        case let ranking as RemainingTimeRanking: rankingKind = .remainingTime(ranking)
        default: rankingKind = .other(policy.ranking)
        }
        let count = jobs.gpus.count
        version = Array(repeating: 0, count: count)
        isWaiting = Array(repeating: false, count: count)
        estimates = jobs.duration
        bounds = RunRankBounds(jobCount: count)
        isReviewable = Array(repeating: false, count: count)
        scratch.reachableCap = Array(repeating: .max, count: jobs.typeNames.count + 1)
        var index: [Int: Int] = [:]
        var gpus: [Int] = []
        bucketOf = (0..<count).map { job in
            let packed = jobs.gpus[job] &* 65_536 &+ jobs.typeKey[job]
            if let bucket = index[packed] { return bucket }
            index[packed] = gpus.count
            gpus.append(jobs.gpus[job])
            return gpus.count - 1
        }
        bucketGPUs = gpus
        byBucket = Array(repeating: MinHeap(), count: gpus.count)
    }

    func enqueue(_ job: Int, progress: SimTime, estimate: SimTime) {
        version[job] += 1
        estimates[job] = estimate
        isWaiting[job] = true
        waitingCount += 1
        let rank = policy.ranking.rank(
            RankedJob(gpus: jobs.gpus[job], duration: estimate, priority: jobs.priority[job], progress: progress))
        let entry = Entry(rank: rank, arrival: jobs.arrival[job], job: job, version: version[job])
        waiting.push(entry)
        byBucket[bucketOf[job]].push(entry)
    }

    func started(_ job: StartedRun) {
        let facts = RunFacts(
            runStart: job.runStart, progressAtStart: job.progressAtStart, restartDelay: job.restartDelay, pace: job.pace, gpus: job.gpus,
            priority: job.priority, duration: estimates[job.index])
        bounds.insert(job.index, run: Run(facts: facts))
        Self.arm(job.index, at: job.runStart, ranking: policy.ranking, bounds: &bounds)
        let atStart = facts.state(at: job.runStart)
        if !isReviewable[job.index] && (policy.preemption.minimumRuntime > .zero || policy.ranking.runTimeToNextChange(atStart) != nil) {
            isReviewable[job.index] = true
            reviewable.append(job.index)
        }
    }

    /// Re-arms the bounds of running jobs `list` from their states at `now` (see
    /// ``arm(_:at:ranking:bounds:)``).
    private func armBounds<Ranking: JobRanking>(_ list: [Int], at now: SimTime, ranking: Ranking) {
        for job in list { Self.arm(job, at: now, ranking: ranking, bounds: &bounds) }
    }

    /// Sets running job `job`'s bound from its rank at `now`: the rank holds
    /// (``JobRanking/rankHold(_:)``) until its progress has grown by the hold, which is
    /// turned into a time from when it makes progress again at its pace, a little early
    /// rather than late. Its record notes whether the bound holds for the rest of the run
    /// with no ceiling (``Run/boundTightens``).
    private static func arm<Ranking: JobRanking>(_ job: Int, at now: SimTime, ranking: Ranking, bounds: inout RunRankBounds<Run>) {
        let (facts, hold, rank) = bounds.updateRun(of: job) { run in
            let state = run.facts.state(at: now)
            let hold = ranking.rankHold(state, cache: &run.memo.cache)
            run.boundTightens = hold.runTime == .max && !hold.isConstant && hold.ceiling == nil
            return (run.facts, hold, hold.runTime > .zero ? ranking.rank(state, cache: &run.memo.cache) : 0)
        }
        guard hold.runTime > .zero else {
            bounds.setUnbounded(job)
            return
        }
        let resume = facts.resume(after: now)
        let expiry: SimTime
        if hold.runTime == .max {
            expiry = .max
        } else if facts.pace == 1 {
            expiry = resume + hold.runTime
        } else {
            // Progress is the run time × pace rounded down: 2 ns less covers both roundings.
            let wall = (Double(hold.runTime.nanoseconds - 2) / facts.pace).rounded(.down)
            expiry = resume + SimTime(nanoseconds: Int64(Swift.max(0, Swift.min(wall, 9.2e18))))
        }
        // A rank that only falls (or stays under a ceiling) is computed in floating point:
        // a hair of slack keeps the bound above the rank the definition computes later.
        let highest = hold.ceiling.map { Swift.max($0, rank) } ?? rank
        let bound = hold.isConstant ? rank : highest + Swift.max(abs(highest), 1) * 1e-12
        bounds.set(job, bound: bound, isExact: hold.isConstant, until: expiry)
    }

    func stopped(_ job: Int, at now: SimTime) {
        guard bounds.contains(job) else { return }
        bounds.remove(job)
    }

    private func isLive(_ entry: Entry) -> Bool { isWaiting[entry.job] && version[entry.job] == entry.version }

    private func take(_ job: Int) {
        isWaiting[job] = false
        waitingCount -= 1
    }

    /// Buffers a pass reuses (so that a pass allocates nothing beyond its plan), moved out
    /// of the session while it runs so that using them costs no exclusivity checks.
    private struct PassScratch {
        /// Runs: expired bounds, then those to re-arm after ranking.
        var jobs: [Int] = []
        /// Positions of runs whose bound is above the best waiting job's rank.
        var listed: [Int] = []
        var victims: [RankedPreemptiveScheduler.VictimKey] = []
        var walked: [Entry] = []
        var stopped: [Int] = []
        /// The placements a preemption trial released, in order (to undo a failed trial).
        var released: [Placement] = []
        /// The kinds of job the trial's nodes counted before it (to undo it exactly).
        var savedKinds: [ClusterState.SavedKinds] = []
        var picked: [Bool] = []
        var setAside: [(bucket: Int, entry: Entry)] = []
        /// Per GPU type key: at most how many GPUs a job of that type walked now could
        /// reach (free plus its victims'), `.max` when not known; see the walk.
        var reachableCap: [Int] = []

        mutating func forgetReachable() {
            for type in reachableCap.indices { reachableCap[type] = .max }
        }
    }

    @exclusivity(unchecked) private var scratch = PassScratch()

    /// Fills `scratch.victims` with the running jobs past their minimum runtime that rank
    /// above `rank` (the best waiting job's), with their ranks now: every job the pass
    /// walks ranks at or after that job, so only these can be stopped, or let anyone
    /// preempt. Only runs whose bound is above `rank` are ranked; a bound that is the rank
    /// (LAS, priority) needs no ranking. Runs found at or below `rank` whose rank only
    /// falls (SRTF) go to `scratch.jobs`: the caller re-arms their bounds at their rank
    /// now, so later passes skip them until a better job waits. Returns the worst (largest)
    /// victim rank, nil if there are no victims.
    private func listVictims<Ranking: JobRanking>(
        above rank: Double, now: SimTime, ranking: Ranking, into scratch: inout PassScratch
    ) -> Double? {
        bounds.above(rank, into: &scratch.listed)
        scratch.victims.removeAll(keepingCapacity: true)
        scratch.jobs.removeAll(keepingCapacity: true)
        if instantTime != now {
            instant += 1
            instantTime = now
        }
        let instant = self.instant, minimumRuntime = policy.preemption.minimumRuntime, order = policy.preemption.victimOrder
        var worst = -Double.infinity
        bounds.withColumns { runJobs, runBounds, runIsExact, runs in
            for position in scratch.listed {
                precondition(UInt(bitPattern: position) < UInt(bitPattern: runs.count), "listed position \(position) outside the runs")
                guard now - runs[position].facts.runStart >= minimumRuntime else { continue }
                let jobRank: Double
                if runIsExact[position] {
                    jobRank = runBounds[position]
                } else if runs[position].memo.instant == instant {
                    jobRank = runs[position].memo.rank
                } else {
                    jobRank = ranking.rank(runs[position].facts.state(at: now), cache: &runs[position].memo.cache)
                    runs[position].memo.rank = jobRank
                    runs[position].memo.instant = instant
                }
                if jobRank > rank {
                    let facts = runs[position].facts
                    scratch.victims.append(
                        .init(
                            job: runJobs[position], rank: jobRank, runStart: facts.runStart, priority: facts.priority, gpus: facts.gpus,
                            order: order))
                    worst = Swift.max(worst, jobRank)
                } else if runs[position].boundTightens {
                    scratch.jobs.append(runJobs[position])
                }
            }
        }
        return scratch.victims.isEmpty ? nil : worst
    }

    /// The worst (largest) rank among `victims`, nil if there are none.
    private static func worstRank(of victims: [RankedPreemptiveScheduler.VictimKey]) -> Double? {
        var worst: Double?
        for victim in victims where worst.map({ victim.rank > $0 }) ?? true { worst = victim.rank }
        return worst
    }

    func pass(cluster view: inout ClusterState, now: SimTime, usage: TenantUsageLedger?) -> SchedulingPlan {
        switch rankingKind {
        case .gittins(let ranking): pass(cluster: &view, now: now, ranking: ranking)
        case .remainingTime(let ranking): pass(cluster: &view, now: now, ranking: ranking)
        case .other(let ranking): pass(cluster: &view, now: now, ranking: ranking)
        }
    }

    private func pass<Ranking: JobRanking>(cluster view: inout ClusterState, now: SimTime, ranking: Ranking) -> SchedulingPlan {
        var plan = SchedulingPlan()
        guard waitingCount > 0 else { return plan }
        while let top = waiting.min, !isLive(top) { waiting.popMin() }
        guard let best = waiting.min else { return plan }
        var scratch = PassScratch()
        swap(&scratch, &self.scratch)
        defer { swap(&scratch, &self.scratch) }
        bounds.expired(by: now, into: &scratch.jobs)
        armBounds(scratch.jobs, at: now, ranking: ranking)
        var worstVictim = listVictims(above: best.rank, now: now, ranking: ranking, into: &scratch)
        armBounds(scratch.jobs, at: now, ranking: ranking)
        // Phase 1: jobs that may preempt, in order from the global heap.
        scratch.walked.removeAll(keepingCapacity: true)
        scratch.forgetReachable()
        // The first job that may not preempt: phase 2 starts there (nil: every waiting
        // job was walked in phase 1).
        var boundary: Entry?
        while let top = waiting.min {
            guard isLive(top) else { waiting.popMin(); continue }
            guard let worst = worstVictim, worst > top.rank else {
                boundary = top
                break
            }
            waiting.popMin()
            let job = top.job
            let free = view.totalGPUs - view.allocatedGPUs
            if jobs.gpus[job] <= free, let chosen = jobs.place(job, with: policy.placement, in: view) {
                view.allocate(chosen)
                plan.start.append(StartDecision(job: job, placement: chosen))
                plan.victimsBefore.append(plan.preempt.count)
                take(job)
                scratch.forgetReachable()
                continue
            }
            scratch.walked.append(top)
            // Can the victims ranked below it free enough GPUs at all? If not, the
            // definition's trial releases them all and fails; skip it. Until the cluster or
            // the victims change, a later job of the same type ranks no better, so it
            // reaches no more: one count per type serves every job that needs more.
            let type = jobs.typeKey[job]
            guard jobs.gpus[job] <= scratch.reachableCap[type] else { continue }
            var reachable = free
            // An untyped job competes with every run: its victims' types are not looked up.
            for victim in scratch.victims where victim.rank > top.rank && (type == 0 || JobTable.competes(jobs.typeKey[victim.job], type)) {
                reachable += victim.gpus
            }
            scratch.reachableCap[type] = reachable
            guard reachable >= jobs.gpus[job] else { continue }
            // Victims in victim order, picked one at a time: a job usually needs one or two,
            // so selecting beats sorting them all. The trial releases them on the state
            // itself and undoes the releases if the job still does not fit (a copy of the
            // cluster per trial was a twentieth of a `gittins` run).
            scratch.stopped.removeAll(keepingCapacity: true)
            scratch.released.removeAll(keepingCapacity: true)
            scratch.savedKinds.removeAll(keepingCapacity: true)
            scratch.picked.removeAll(keepingCapacity: true)
            scratch.picked.append(contentsOf: repeatElement(false, count: scratch.victims.count))
            var fitted: Placement?
            while true {
                var next: (position: Int, key: RankedPreemptiveScheduler.VictimKey)?
                for position in scratch.victims.indices where !scratch.picked[position] {
                    let victim = scratch.victims[position]
                    guard victim.rank > top.rank, type == 0 || JobTable.competes(jobs.typeKey[victim.job], type) else { continue }
                    if let best = next, !RankedPreemptiveScheduler.stopsBefore(victim, best.key) { continue }
                    next = (position, victim)
                }
                guard let position = next?.position else { break }
                scratch.picked[position] = true
                // Victims run: the model's column holds their placements.
                let held = jobs.placements[scratch.victims[position].job]
                view.releaseForTrial(held, saving: &scratch.savedKinds)
                scratch.released.append(held)
                scratch.stopped.append(position)
                guard view.totalGPUs - view.allocatedGPUs >= jobs.gpus[job] else { continue }
                if let chosen = jobs.place(job, with: policy.placement, in: view) {
                    fitted = chosen
                    break
                }
            }
            guard let chosen = fitted else {
                view.undoReleases(scratch.released, restoring: scratch.savedKinds)
                continue
            }
            scratch.walked.removeLast()
            view.allocate(chosen)
            for position in scratch.stopped { plan.preempt.append(scratch.victims[position].job) }
            // The victims' order does not matter (the order picks by key), so each stopped
            // one is swapped out, highest position first.
            let stoppedWorst = scratch.stopped.contains { scratch.victims[$0].rank == worstVictim }
            scratch.stopped.sort(by: >)
            for position in scratch.stopped {
                scratch.victims.swapAt(position, scratch.victims.count - 1)
                scratch.victims.removeLast()
            }
            if stoppedWorst { worstVictim = Self.worstRank(of: scratch.victims) }
            plan.start.append(StartDecision(job: job, placement: chosen))
            plan.victimsBefore.append(plan.preempt.count)
            take(job)
            scratch.forgetReachable()
        }
        for entry in scratch.walked { waiting.push(entry) }
        // Phase 2: nobody may preempt; start, in order, whatever fits now. Jobs walked in
        // phase 1 (ranked before `boundary`) are not revisited.
        guard let boundary else { return plan }
        scratch.setAside.removeAll(keepingCapacity: true)
        while true {
            let free = view.totalGPUs - view.allocatedGPUs
            if free == 0 { break }
            var best: Int?
            for bucket in byBucket.indices where bucketGPUs[bucket] <= free {
                while let top = byBucket[bucket].min, !isLive(top) || top < boundary {
                    byBucket[bucket].popMin()
                    if isLive(top) { scratch.setAside.append((bucket, top)) }
                }
                guard let top = byBucket[bucket].min else { continue }
                if let current = best, let currentTop = byBucket[current].min, currentTop < top { continue }
                best = bucket
            }
            guard let bucket = best, let top = byBucket[bucket].popMin() else { break }
            if let chosen = jobs.place(top.job, with: policy.placement, in: view) {
                view.allocate(chosen)
                plan.start.append(StartDecision(job: top.job, placement: chosen))
                plan.victimsBefore.append(plan.preempt.count)
                take(top.job)
            } else {
                scratch.setAside.append((bucket, top))
            }
        }
        for (bucket, entry) in scratch.setAside { byBucket[bucket].push(entry) }
        return plan
    }

    func nextReview(now: SimTime) -> SimTime? {
        switch rankingKind {
        case .gittins(let ranking): nextReview(now: now, ranking: ranking)
        case .remainingTime(let ranking): nextReview(now: now, ranking: ranking)
        case .other(let ranking): nextReview(now: now, ranking: ranking)
        }
    }

    private func nextReview<Ranking: JobRanking>(now: SimTime, ranking: Ranking) -> SimTime? {
        var earliest: SimTime?
        func consider(_ time: SimTime) {
            if time > now && earliest.map({ time < $0 }) ?? true { earliest = time }
        }
        // Only runs before their minimum runtime or whose rank may still change can give a
        // time after now; the others leave the list for good ("nil: never" is final).
        let minimumRuntime = policy.preemption.minimumRuntime
        // Everything the loop reads or writes, in locals: no exclusivity check per run.
        let bounds = self.bounds
        let runs = bounds.runs
        var (reviewable, isReviewable) = (self.reviewable, self.isReviewable)
        (self.reviewable, self.isReviewable) = ([], [])
        defer { (self.reviewable, self.isReviewable) = (reviewable, isReviewable) }
        var kept = 0
        for position in reviewable.indices {
            let job = reviewable[position]
            guard let at = bounds.position(of: job) else {
                isReviewable[job] = false
                continue
            }
            let facts = runs[at].facts
            let change = ranking.runTimeToNextChange(facts.state(at: now))
            consider(facts.runStart + minimumRuntime)
            if let change {
                consider(facts.resume(after: now) + RunningJob.wallTime(of: change, pace: facts.pace))
            }
            if change != nil || facts.runStart + minimumRuntime > now {
                reviewable[kept] = job
                kept += 1
            } else {
                isReviewable[job] = false
            }
        }
        reviewable.removeSubrange(kept...)
        return earliest
    }
}

extension RankedPreemptiveScheduler: IncrementalSequencing {
    func makeSession(jobs: JobTable) -> any SequencingSession {
        RankedPreemptiveSession(jobs: jobs, policy: self)
    }
}
