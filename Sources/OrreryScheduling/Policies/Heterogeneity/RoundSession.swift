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
    @exclusivity(unchecked) private var tables: RoundTables

    init(policy: HeterogeneityAwareRoundScheduler, jobs: JobTable) {
        self.policy = policy
        state = RoundState(jobs: jobs.specs)
        tables = RoundTables(jobs: jobs)
    }

    var waitingCount: Int { tables.waitingCount }

    func enqueue(_ job: Int, progress: SimTime, estimate: SimTime) {
        tables.enqueue(job, estimate: estimate)
    }

    func started(_ job: RunningJob) {
        tables.start(job)
    }

    func stopped(_ job: Int, at now: SimTime) {
        tables.stop(job)
    }

    /// The definition's plan, made on a copy of the cluster, which then becomes the
    /// cluster if it is the state the model's order of applying a definition's plan
    /// (victims released, then starts allocated) would give (``ClusterState/adopt(_:released:allocated:)``);
    /// otherwise the plan is applied in that order, so the cluster's history, which
    /// placements may read, is the same.
    func pass(cluster: inout ClusterState, now: SimTime, usage: TenantUsageLedger?) -> SchedulingPlan {
        tables.findTypes(in: cluster)
        var view = cluster
        let plan = policy.plan(tables, on: &view, now: now, state: &state)
        tables.forgetChanges()
        if cluster.adopt(view, released: plan.preempt.count, allocated: plan.start.count) { return plan }
        for victim in plan.preempt {
            let held = tables.placement(of: victim)
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
/// (``RoundJobs``): indices of waiting and of running jobs, each in a dense array in no
/// particular order (a job's slot is kept, so it joins and leaves in O(1)), and each
/// running job's run. The pass sorts where order matters, by the keys given here.
struct RoundTables: RoundJobs {
    /// What the tables keep of one job, together (a start or a stop writes several of
    /// these), in plain values: reading one field of a row copies the row, which must
    /// then hold no reference to count. The job's placement is kept apart.
    private struct Row {
        /// Position in `waiting` or `running` (-1: in neither).
        var slot = -1
        /// Whether it ever joined the queue.
        var arrived = false
        /// Its duration as the policy sees it (``SchedulingPolicy/durationPredictor``).
        var estimate: SimTime
        /// Its current run's start, expected end and GPU count, and the GPU type it runs
        /// on (-1: its placement spans types), found at the first pass after it started
        /// (``findTypes(in:)``).
        var runStart = SimTime.zero
        var expectedEnd = SimTime.zero
        var gpus: Int
        var type = -1

        mutating func enqueue(estimate: SimTime, slot: Int) {
            self.estimate = estimate
            self.slot = slot
            arrived = true
        }

        mutating func begin(_ run: RunningJob, slot: Int) {
            self.slot = slot
            runStart = run.runStart
            expectedEnd = run.expectedEnd
            gpus = run.gpus
        }

    }

    private let specs: [JobSpec]
    private let gpus: [Int]
    private let arrival: [Int]
    private var rows: [Row]
    /// Per job, its current run (``Placement/nowhere`` when it does not run).
    private var placements: [Placement]
    private var waiting: [Int] = []
    private var running: [Int] = []
    /// Jobs that joined the queue for the first time since the last pass; jobs stopped
    /// since the last pass (some left for good); runs started since the last pass,
    /// whose GPU types are not found yet.
    private var arrivals: [Int] = []
    private var stops: [Int] = []
    private var untyped: [Int] = []

    init(jobs: JobTable) {
        specs = jobs.specs
        gpus = jobs.gpus
        arrival = jobs.arrival
        rows = zip(jobs.duration, jobs.gpus).map { Row(estimate: $0, gpus: $1) }
        placements = Array(repeating: .nowhere, count: jobs.gpus.count)
    }

    mutating func enqueue(_ job: Int, estimate: SimTime) {
        let firstTime = !rows[job].arrived
        rows[job].enqueue(estimate: estimate, slot: waiting.count)
        waiting.append(job)
        if firstTime { arrivals.append(job) }
    }

    /// Ends a pass: its arrivals and stops have been seen.
    mutating func forgetChanges() {
        arrivals.removeAll(keepingCapacity: true)
        stops.removeAll(keepingCapacity: true)
    }

    mutating func start(_ run: RunningJob) {
        let job = run.index
        #if ORRERY_INTERNAL_CHECKS
        precondition(waiting.indices.contains(rows[job].slot) && waiting[rows[job].slot] == job, "job \(job) started without waiting")
        #endif
        Self.remove(job, from: &waiting, rows: &rows)
        rows[job].begin(run, slot: running.count)
        placements[job] = run.placement ?? .nowhere
        running.append(job)
        untyped.append(job)
    }

    mutating func stop(_ job: Int) {
        #if ORRERY_INTERNAL_CHECKS
        precondition(running.indices.contains(rows[job].slot) && running[rows[job].slot] == job, "job \(job) stopped without running")
        #endif
        Self.remove(job, from: &running, rows: &rows)
        rows[job].slot = -1
        placements[job] = .nowhere
        stops.append(job)
    }

    /// Takes `job` out of `list` by moving the last entry into its slot.
    private static func remove(_ job: Int, from list: inout [Int], rows: inout [Row]) {
        let last = list.removeLast()
        if last != job {
            let slot = rows[job].slot
            list[slot] = last
            rows[last].slot = slot
        }
    }

    /// Where job `job` runs (``Placement/nowhere`` if it does not).
    func placement(of job: Int) -> Placement { placements[job] }

    /// Finds the GPU types of the runs started since the last pass.
    mutating func findTypes(in cluster: ClusterState) {
        for job in untyped {
            rows[job].type = GPUTypeTable.type(of: placements[job], in: cluster) ?? -1
        }
        untyped.removeAll(keepingCapacity: true)
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
        arrivals.compactMap { job in
            let slot = rows[job].slot
            return waiting.indices.contains(slot) && waiting[slot] == job && !state.seen[job] ? slot : nil
        }
    }

    /// Arrivals join; stopped jobs that neither wait nor run again have ended.
    func updatePresence(in state: inout RoundState) {
        for job in arrivals where rows[job].slot >= 0 { state.join(job) }
        for job in stops where rows[job].slot < 0 { state.leave(job) }
    }

    var runningCount: Int { running.count }
    func runningJob(_ position: Int) -> Int { running[position] }
    func runningGPUs(_ position: Int) -> Int { rows[running[position]].gpus }
    func runningPlacement(_ position: Int) -> Placement? {
        let placement = placements[running[position]]
        return placement.shares.isEmpty ? nil : placement
    }
    func runningType(_ position: Int, in cluster: ClusterState) -> Int? {
        let type = rows[running[position]].type
        #if ORRERY_INTERNAL_CHECKS
        precondition(!untyped.contains(running[position]), "a run's type read before it was found")
        #endif
        return type >= 0 ? type : nil
    }
    func runningStart(_ position: Int) -> SimTime { rows[running[position]].runStart }
    func runningEnd(_ position: Int) -> SimTime { rows[running[position]].expectedEnd }
    func runningGPUType(_ position: Int) -> String? { specs[running[position]].gpuType }
}
