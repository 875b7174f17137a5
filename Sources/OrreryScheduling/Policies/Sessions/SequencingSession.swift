import OrreryKernel

/// The incremental form of a sequencing policy over one run of ``RigidJobsModel``.
///
/// A policy's `decide`/`plan` is its definition: it reads the whole waiting queue and the
/// running jobs on every pass, which is easy to check and costs O(queue) or more per
/// pass. A session keeps the same decisions in structures updated only by the events
/// that change them (arrivals, starts, ends, preemptions), so a pass costs about what it
/// starts. Every session must decide exactly what its policy's `decide`/`plan` decides on
/// the same state (`SessionEquivalenceTests` compares them on random cases).
///
/// Contract with the model: each job index is enqueued when it arrives or is preempted;
/// a pass applies its plan to the cluster itself, and the model then records every start
/// (reporting it back through `started`) and stop; `stopped` follows every end of a run. Quotas filter the queue on every pass,
/// which no session models, so the model uses the definitions when quotas are set.
protocol SequencingSession: AnyObject {
    /// Job `job` joined the waiting queue: it arrived, or was preempted having completed
    /// `progress` of its run time. `estimate` is its duration as the policy sees it (the
    /// trace's, or an estimate: ``SchedulingPolicy/durationPredictor``).
    func enqueue(_ job: Int, progress: SimTime, estimate: SimTime)
    /// A job this session chose to start is running (`expectedEnd` includes any restart
    /// cost), where the model's column of placements says (``JobTable/placements``): a
    /// placement passed with each start was copied for every call, a tenth of a
    /// start's cost on a round-based run.
    func started(_ job: StartedRun)
    /// A running job's run ended at `now` (it finished or was preempted).
    func stopped(_ job: Int, at now: SimTime)
    /// Jobs waiting now.
    var waitingCount: Int { get }
    /// One scheduling pass at `now`: the plan's victims are already released from
    /// `cluster` and its starts allocated on it (so a pass copies no cluster state).
    func pass(cluster: inout ClusterState, now: SimTime, usage: TenantUsageLedger?) -> SchedulingPlan
    /// For preemptive policies: see ``PreemptivePolicy/nextReview(context:)``.
    func nextReview(now: SimTime) -> SimTime?
}

extension SequencingSession {
    func nextReview(now: SimTime) -> SimTime? { nil }
}

/// A run as the model reports it to a session (``SequencingSession/started(_:on:)``):
/// the fields of a ``RunningJob`` without the names, which the session's job table has
/// (building and freeing an entry with names was a tenth of a start), and without the
/// placement, which is in the model's column (``JobTable/placements``).
struct StartedRun {
    var index: Int
    /// The GPUs it runs on: the job's, unless a resizing policy sized an elastic job.
    var gpus: Int
    var runStart: SimTime
    /// The end the policy expects (``RunningJob/expectedEnd``).
    var expectedEnd: SimTime
    var priority: Int
    /// Progress made before this run, the restart overhead it pays first and its pace
    /// (``RunningJob``).
    var progressAtStart: SimTime
    var restartDelay: SimTime
    var pace: Double
}

/// A policy that has an incremental session (the model's fast path).
protocol IncrementalSequencing: SchedulingPolicy {
    /// A session for a run of `jobs` (already prepared: ``SchedulingPolicy/prepared(for:)``).
    func makeSession(jobs: JobTable) -> any SequencingSession
}

/// What sessions read about every job of a run, in flat arrays indexed like the model's
/// jobs, so that passes touch no strings.
struct JobTable {
    let specs: [JobSpec]
    let gpus: [Int]
    let duration: [SimTime]
    let priority: [Int]
    /// GPU type restriction as a small integer: 0 for none, else 1 + the index of the
    /// lower-cased name in `typeNames` (placement matches types case-insensitively).
    let typeKey: [Int]
    let typeNames: [String]
    /// Tenant as a small integer (``TenantIndex``).
    let tenant: [Int]
    let tenantCount: Int
    /// Position in arrival order (submit time, then index): the order the model queues
    /// arrivals in, and the tie-break of every policy.
    let arrival: [Int]
    /// The model's column of placements: where each running job runs (written at its
    /// start, before the session hears of it; the last run's stays after it stops), so a
    /// session that reads running jobs' placements need not keep its own copy.
    let placements: JobColumn<Placement>

    init(_ jobs: [JobSpec], placements: JobColumn<Placement>) {
        self.placements = placements
        specs = jobs
        gpus = jobs.map(\.gpus)
        duration = jobs.map(\.duration)
        priority = jobs.map(\.priority)
        var names: [String] = []
        var keys: [String: Int] = [:]
        typeKey = jobs.map { job in
            guard let type = job.gpuType?.lowercased() else { return 0 }
            if let key = keys[type] { return key }
            names.append(type)
            keys[type] = names.count
            return names.count
        }
        typeNames = names
        let tenants = TenantIndex(jobs)
        tenant = tenants.of
        tenantCount = tenants.names.count
        let order = jobs.indices.sorted { jobs[$0].submit != jobs[$1].submit ? jobs[$0].submit < jobs[$1].submit : $0 < $1 }
        var arrival = Array(repeating: 0, count: jobs.count)
        for (position, job) in order.enumerated() { arrival[job] = position }
        self.arrival = arrival
    }

    /// Whether jobs of type keys `a` and `b` may take the same GPUs (as
    /// ``EASYBackfillScheduler/competes(_:with:in:)``: untyped competes with everyone).
    static func competes(_ a: Int, _ b: Int) -> Bool { a == 0 || b == 0 || a == b }

    /// Places job `job` on `cluster` with `placement`, with its whole request (GPU count
    /// and share, host CPU and memory, type, job type), as the policies' definitions do.
    /// The request is built per call rather than kept per job: a million-job run would
    /// hold 60 MiB of them.
    func place(_ job: Int, with placement: any PlacementPolicy, in cluster: ClusterState) -> Placement? {
        placement.place(specs[job].request, in: cluster)
    }
}

/// Tenants numbered by first appearance in the job list, so numbering is deterministic.
struct TenantIndex {
    var names: [String] = []
    /// Per job: its tenant's number.
    var of: [Int] = []

    init(_ jobs: [JobSpec]) {
        var numbers: [String: Int] = [:]
        of = jobs.map { job in
            if let number = numbers[job.tenant] { return number }
            numbers[job.tenant] = names.count
            names.append(job.tenant)
            return names.count - 1
        }
    }
}
