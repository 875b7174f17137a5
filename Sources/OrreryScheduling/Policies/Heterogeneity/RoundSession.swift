import OrreryKernel

/// The session of ``HeterogeneityAwareRoundScheduler`` (`gavel-max-min` and its
/// heterogeneity-agnostic twin): the definition's pass, run on tables the session keeps
/// (``RoundTables``) instead of the model's queue and running list.
///
/// Gavel's rounds time-slice the GPUs: on the Philly trace a run stops and restarts jobs
/// two million times. Through the definition each stop merged a job record back into the
/// model's queue and each start inserted one into its running list; here a stop or a
/// start moves a job index within two sorted integer arrays.
final class RoundSession: SequencingSession {
    private let policy: HeterogeneityAwareRoundScheduler
    @exclusivity(unchecked) private var state: RoundState
    private let tables: RoundTables

    init(policy: HeterogeneityAwareRoundScheduler, jobs: JobTable) {
        self.policy = policy
        state = RoundState(jobs: jobs.specs)
        tables = RoundTables(jobs: jobs)
    }

    var waitingCount: Int { tables.waitingCount }

    func enqueue(_ job: Int, progress: SimTime, estimate: SimTime) {
        tables.enqueue(job, estimate: estimate)
    }

    func started(_ job: StartedRun) {
        tables.start(job)
    }

    func stopped(_ job: Int, at now: SimTime) {
        tables.stop(job)
    }

    /// The definition's plan, made on the cluster itself when the placement does not read
    /// the kinds of job on nodes (``PlacementPolicy/readsJobKinds``): the pass's changes
    /// then leave what placements read as the model's order of applying a definition's
    /// plan (victims released, then starts allocated) would, and a copy of the cluster
    /// per pass was a twentieth of a `gavel-max-min` run. Otherwise the plan is made on a
    /// copy, which becomes the cluster if it is that state
    /// (``ClusterState/adopt(_:released:allocated:)``); if not, the plan is applied in
    /// that order, so the cluster's history, which placements may read, is the same.
    func pass(cluster: inout ClusterState, now: SimTime, usage: TenantUsageLedger?) -> SchedulingPlan {
        tables.findTypes(in: cluster)
        if !policy.placement.readsJobKinds {
            // Nothing else reads the kinds of job on nodes: the cluster stops counting them.
            if cluster.countsJobKinds { cluster.stopCountingJobKinds() }
            let before = cluster.changes
            let plan = policy.plan(tables, on: &cluster, now: now, state: &state)
            tables.forgetChanges()
            cluster.recountChanges(from: before, released: plan.preempt.count, allocated: plan.start.count)
            return plan
        }
        var view = cluster
        let plan = policy.plan(tables, on: &view, now: now, state: &state)
        tables.forgetChanges()
        if cluster.adopt(view, released: plan.preempt.count, allocated: plan.start.count) { return plan }
        for victim in plan.preempt {
            let held = tables.placements[victim]
            if !held.shares.isEmpty { cluster.release(held) }
        }
        for start in plan.start { cluster.allocate(start.placement) }
        return plan
    }

    func nextReview(now: SimTime) -> SimTime? {
        tables.runningCount == 0 ? nil : policy.nextRoundBoundary(after: now)
    }
}

/// The jobs present in a ``RoundSession``, as a round-based pass reads them
/// (``RoundJobs``): indices of waiting and of running jobs, each in a dense list in no
/// particular order (a job's slot is kept, so it joins and leaves in O(1)), and each
/// running job's run. The pass sorts where order matters, by the keys given here.
/// Written in place (``JobColumn``): the session owns them alone.
final class RoundTables: RoundJobs {
    private let specs: [JobSpec]
    private let gpus: [Int]
    private let arrival: [Int]
    private let waiting = JobList()
    private let running = JobList()
    /// The same jobs as bits by job index (bit `job % 64` of word `job / 64`), walked in
    /// index order (``forEachInIndexOrder(_:)``).
    private let waitingBits: JobColumn<UInt64>
    private let runningBits: JobColumn<UInt64>
    /// Words of those two that may hold some job (bit `word % 64` of word `word / 64`):
    /// set when a job is listed, cleared by the walk that finds the word empty. The jobs
    /// present are a few hundred among the trace's tens of thousands, and a round's walk
    /// over every word was a seventieth of a `gavel-max-min` run.
    private let listedWords: JobColumn<UInt64>
    /// Jobs that joined the queue for the first time since the last pass (``Row/arrived``);
    /// jobs stopped since the last pass (some left for good).
    private let arrivals = JobList()
    private let stops = JobList()
    /// Per job: its index in `waiting` or `running` (a job is in at most one).
    private let slots: JobColumn<Int>
    /// Per job, where it runs: the model's column (``JobTable/placements``), read only for
    /// running jobs.
    let placements: JobColumn<Placement>
    /// Per job, what a start, an enqueue or a round's walk reads and writes together, in
    /// one row: one index check and one cache line where a column per field took one
    /// each (a round-based run starts and stops two million runs).
    private let rows: JobColumn<Row>
    /// Runs started since the last pass whose GPU type is still to be found, and the
    /// cluster's count of GPU types, read at every pass (0 before the first): with one
    /// type, every run with GPUs is on it, and its type is known at its start.
    private let untyped = JobList()
    private var typeCount = 0

    private struct Row {
        /// The job's duration as the policy sees it (``SchedulingPolicy/durationPredictor``).
        var estimate: SimTime
        /// Its current (or last) run: start, the end the model expects, GPUs, and the GPU
        /// type it runs on (-1: its placement spans types), found at the first pass after
        /// it started (``findTypes(in:)``).
        var runStart = SimTime.zero
        var expectedEnd = SimTime.zero
        var runGPUs: Int
        var type = -1
        /// Whether the job ever queued.
        var arrived = false
    }

    init(jobs: JobTable) {
        let count = jobs.gpus.count
        specs = jobs.specs
        gpus = jobs.gpus
        arrival = jobs.arrival
        slots = JobColumn(repeating: -1, count: count)
        placements = jobs.placements
        rows = JobColumn(zip(jobs.duration, jobs.gpus).map { Row(estimate: $0, runGPUs: $1) })
        waitingBits = JobColumn(repeating: 0, count: (count + 63) / 64)
        runningBits = JobColumn(repeating: 0, count: (count + 63) / 64)
        listedWords = JobColumn(repeating: 0, count: (count + 64 * 64 - 1) / (64 * 64))
    }

    @inline(__always)
    private func set(_ job: Int, in bits: JobColumn<UInt64>) {
        let word = job >> 6
        bits[word] |= 1 << UInt64(job & 63)
        listedWords[word >> 6] |= 1 << UInt64(word & 63)
    }

    @inline(__always)
    private static func clear(_ job: Int, in bits: JobColumn<UInt64>) { bits[job >> 6] &= ~(1 << UInt64(job & 63)) }

    func enqueue(_ job: Int, estimate: SimTime) {
        let row = rows.address(of: job)
        row.pointee.estimate = estimate
        DenseSlots.add(job, to: waiting, slots: slots)
        set(job, in: waitingBits)
        if !row.pointee.arrived {
            row.pointee.arrived = true
            arrivals.append(job)
        }
    }

    /// Ends a pass: its arrivals and stops have been seen.
    func forgetChanges() {
        arrivals.removeAll()
        stops.removeAll()
    }

    func start(_ run: StartedRun) {
        let job = run.index
        #if ORRERY_INTERNAL_CHECKS
        precondition(isListed(job, in: waiting), "job \(job) started without waiting")
        #endif
        DenseSlots.remove(job, from: waiting, slots: slots)
        Self.clear(job, in: waitingBits)
        let row = rows.address(of: job)
        row.pointee.runStart = run.runStart
        row.pointee.runGPUs = run.gpus
        row.pointee.expectedEnd = run.expectedEnd
        if typeCount == 1 {
            row.pointee.type = placements.address(of: job).pointee.shares.isEmpty ? -1 : 0
        } else {
            untyped.append(job)
        }
        DenseSlots.add(job, to: running, slots: slots)
        set(job, in: runningBits)
    }

    func stop(_ job: Int) {
        #if ORRERY_INTERNAL_CHECKS
        precondition(isListed(job, in: running), "job \(job) stopped without running")
        #endif
        DenseSlots.remove(job, from: running, slots: slots)
        Self.clear(job, in: runningBits)
        stops.append(job)
    }

    /// Finds the GPU types of the runs started since the last pass whose types are not
    /// known yet.
    func findTypes(in cluster: ClusterState) {
        typeCount = cluster.gpuTypes.count
        // On a cluster of one GPU type every run with GPUs is on it: the placement is
        // neither copied nor walked (passing it to ``GPUTypeTable/type(of:in:)`` copies it).
        let onlyType = typeCount == 1
        for position in 0..<untyped.count {
            let job = untyped[position]
            let placement = placements.address(of: job)
            let runsOnOnlyType = onlyType && !placement.pointee.shares.isEmpty
            rows[job].type = runsOnOnlyType ? 0 : GPUTypeTable.type(of: placement.pointee, in: cluster) ?? -1
        }
        untyped.removeAll()
    }

    var waitingCount: Int { waiting.count }
    func waitingJob(_ position: Int) -> Int { waiting[position] }
    func waitingArrival(_ position: Int) -> Int { arrival[waiting[position]] }
    func waitingSpec(_ position: Int) -> JobSpec {
        var spec = specs[waiting[position]]
        spec.duration = rows[waiting[position]].estimate
        return spec
    }
    func waitingGPUs(_ position: Int) -> Int { gpus[waiting[position]] }
    /// Only jobs that arrived since the last pass can be unseen (a pass sees every
    /// waiting job).
    func unseenWaiting(in state: inout RoundState) -> [Int] {
        arrivals.jobs.compactMap { job in isListed(job, in: waiting) && !state.isSeen(job) ? slots[job] : nil }
    }

    /// Whether `job` is in `list` (`waiting` or `running`) at its slot.
    private func isListed(_ job: Int, in list: JobList) -> Bool {
        let slot = slots[job]
        return slot >= 0 && slot < list.count && list[slot] == job
    }

    /// Arrivals join; stopped jobs that neither wait nor run again have ended.
    func updatePresence(in state: inout RoundState) {
        for position in 0..<arrivals.count where slots[arrivals[position]] >= 0 { state.join(arrivals[position]) }
        for position in 0..<stops.count where slots[stops[position]] < 0 { state.leave(stops[position]) }
    }

    var runningCount: Int { running.count }
    func runningJob(_ position: Int) -> Int { running[position] }
    func runningGPUs(_ position: Int) -> Int { rows[running[position]].runGPUs }
    func runningPlacement(_ position: Int) -> Placement? {
        let placement = placements[running[position]]
        return placement.shares.isEmpty ? nil : placement
    }
    func releaseRunning<Cluster: RoundCluster>(_ position: Int, from view: inout Cluster) -> Bool {
        let placement = placements.address(of: running[position])
        guard !placement.pointee.shares.isEmpty else { return false }
        if let share = placement.pointee.wholeGPUsOnOneNode {
            view.release(wholeGPUs: share, gpus: placement.pointee.gpuCount)
        } else {
            view.release(placement.pointee)
        }
        return true
    }
    func runningHoldsGPUs(_ position: Int) -> Bool {
        placements.address(of: running[position]).pointee.holdsGPUs
    }
    func runningPosition(of job: Int) -> Int? {
        let slot = slots[job]
        return slot >= 0 && slot < running.count && running[slot] == job ? slot : nil
    }
    func currentType(of job: Int) -> Int? {
        let type = rows[job].type
        #if ORRERY_INTERNAL_CHECKS
        precondition(runningPosition(of: job) != nil, "the type of job \(job) read while it does not run")
        precondition(!untyped.jobs.contains(job), "a run's type read before it was found")
        #endif
        return type >= 0 ? type : nil
    }
    func runningStart(_ position: Int) -> SimTime { rows[running[position]].runStart }
    func runningEnd(_ position: Int) -> SimTime { rows[running[position]].expectedEnd }

    /// Inlined, so the round's pairs are made in the loop rather than in a call per job.
    @inline(__always)
    func forEachInIndexOrder(_ body: (_ job: Int, _ gpus: Int, _ runStart: SimTime?) -> Void) {
        for summary in 0..<listedWords.count {
            var words = listedWords[summary]
            while words != 0 {
                let word = summary << 6 | words.trailingZeroBitCount
                words &= words - 1
                let runs = runningBits[word]
                var listed = waitingBits[word] | runs
                if listed == 0 { listedWords[summary] &= ~(1 << UInt64(word & 63)) }
                while listed != 0 {
                    let bit = listed.trailingZeroBitCount
                    listed &= listed - 1
                    let job = word << 6 | bit
                    if runs >> UInt64(bit) & 1 != 0 {
                        let row = rows.address(of: job)
                        body(job, row.pointee.runGPUs, row.pointee.runStart)
                    } else {
                        body(job, gpus[job], nil)
                    }
                }
            }
        }
    }
}
