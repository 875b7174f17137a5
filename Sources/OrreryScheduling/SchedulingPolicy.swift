import OrreryKernel

/// A job waiting in the queue, in arrival order.
/// An entry that names a job by its index into the run's jobs.
protocol JobIndexed {
    var index: Int { get }
}

public struct PendingJob: Sendable, JobIndexed {
    public var index: Int
    /// The job as the policy may see it: with a ``SchedulingPolicy/durationPredictor``
    /// its `duration` is the estimate made at submission.
    public var spec: JobSpec
    /// Run time completed before it was preempted (zero for a job that never ran).
    public var progress: SimTime = .zero

    /// Run time still needed (the duration the policy sees minus progress), without
    /// restart cost.
    public var remaining: SimTime { spec.duration - progress }
}

/// A job holding GPUs, as policies that plan ahead (backfill) need to see it.
public struct RunningJob: Sendable, Equatable, JobIndexed {
    /// The order of ``SchedulingContext/running``: expected end, then index.
    public static func endsBefore(_ a: RunningJob, _ b: RunningJob) -> Bool {
        a.expectedEnd != b.expectedEnd ? a.expectedEnd < b.expectedEnd : a.index < b.index
    }

    /// Inserts `job` into `list` (already in ``endsBefore(_:_:)`` order), keeping the order.
    public static func insert(_ job: RunningJob, into list: inout [RunningJob]) {
        var low = 0, high = list.count
        while low < high {
            let mid = (low + high) / 2
            if endsBefore(list[mid], job) { low = mid + 1 } else { high = mid }
        }
        list.insert(job, at: low)
    }

    /// Index into the model's jobs (``RigidJobsModel/outcomes``).
    public var index: Int
    public var gpus: Int
    public var gpuType: String?
    /// Start + duration: rigid jobs run for exactly their duration, so this is known. For a
    /// policy that estimates durations (``SchedulingPolicy/durationPredictor``) it is the
    /// end the policy expects from the estimate, which may pass while the job still runs.
    public var expectedEnd: SimTime
    /// The job's tenant and when its current run started (always set); for preemptive
    /// policies also its priority class, full duration, placement, the progress it had
    /// when this run started and the restart overhead this run pays first.
    public var priority: Int = 0
    public var tenant: String = ""
    public var duration: SimTime = .zero
    public var placement: Placement? = nil
    public var runStart: SimTime = .zero
    public var progressAtStart: SimTime = .zero
    public var restartDelay: SimTime = .zero

    /// Trace-duration seconds this run completes per second (1 unless a ``RunTimeModel``
    /// slows the job down on its placement).
    public var pace: Double = 1

    /// Run time completed by `now`, in units of the trace duration: the progress before
    /// this run plus this run's time past its restart overhead, times its pace.
    public func progress(at now: SimTime) -> SimTime {
        Self.progress(at: now, runStart: runStart, restartDelay: restartDelay, progressAtStart: progressAtStart, pace: pace)
    }

    /// The time a run at `pace` takes to make `progress` (trace-duration time), rounded
    /// up to a whole nanosecond.
    static func wallTime(of progress: SimTime, pace: Double) -> SimTime {
        pace == 1 ? progress : .seconds(progress.seconds / pace)
    }

    /// ``progress(at:)`` from a run's fields, for callers that keep them in flat arrays.
    static func progress(at now: SimTime, runStart: SimTime, restartDelay: SimTime, progressAtStart: SimTime, pace: Double) -> SimTime {
        let ran = Swift.max(.zero, now - runStart - restartDelay)
        return progressAtStart + (pace == 1 ? ran : SimTime(nanoseconds: Int64((Double(ran.nanoseconds) * pace).rounded(.down))))
    }
}

/// What a policy may read besides the queue and the cluster: the current time and the
/// running jobs, ordered by expected end (ties: job index), so that planning policies
/// walk them without sorting on every pass.
public struct SchedulingContext: Sendable {
    public var now: SimTime
    public var running: [RunningJob]
    /// Each tenant's GPU usage in GPU-seconds (finished and running jobs' GPU-time up to
    /// `now`), decayed with the policy's ``SchedulingPolicy/tenantUsageHalfLife``. Filled
    /// only for policies that ask for it; a tenant absent here has used nothing.
    public var tenantUsage: [String: Double]

    public init(now: SimTime = .zero, running: [RunningJob] = [], tenantUsage: [String: Double] = [:]) {
        self.now = now
        self.running = running
        self.tenantUsage = tenantUsage
    }
}

/// One job a policy starts, and where.
///
/// A named type rather than a tuple: an array of tuples is destroyed through the
/// runtime's generic tuple witness, one call per element, and a round-based policy
/// hands the model millions of starts.
public struct StartDecision: Sendable {
    public var job: Int
    public var placement: Placement

    public init(job: Int, placement: Placement) {
        self.job = job
        self.placement = placement
    }
}

/// Decides which waiting jobs start now and where.
///
/// The engine calls `decide` whenever the queue or the free resources change; the
/// policy returns start decisions in the order they should be applied (each one already
/// accounts for the GPUs taken by the ones before it). Richer policies (fair share,
/// preemption) plug in here.
public protocol SchedulingPolicy: Sendable {
    func decide(queue: ArraySlice<PendingJob>, cluster: ClusterState, context: SchedulingContext)
        -> [StartDecision]

    /// If non-nil, the model tracks each tenant's GPU usage decayed with this half-life
    /// (`.max`: no decay, total attained service) and passes it in
    /// ``SchedulingContext/tenantUsage``. Nil (the default): not tracked.
    var tenantUsageHalfLife: SimTime? { get }

    /// The policy to run on `jobs`, for policies that learn from the whole trace
    /// (Gittins reads the empirical service distribution). The default: itself.
    func prepared(for jobs: [JobSpec]) -> any SchedulingPolicy

    /// If non-nil, the policy does not know durations: the model estimates each job's at
    /// its submission with this predictor, and the policy sees the estimate as the job's
    /// duration (``PendingJob/spec``, ``RunningJob/duration``). Nil (the default): oracle
    /// durations, the trace's.
    var durationPredictor: RecentRunTimePredictor? { get }
}

extension SchedulingPolicy {
    public var tenantUsageHalfLife: SimTime? { nil }
    public func prepared(for jobs: [JobSpec]) -> any SchedulingPolicy { self }
    public var durationPredictor: RecentRunTimePredictor? { nil }

    /// For policies that need neither the time nor the running jobs (FIFO, SJF).
    public func decide(queue: ArraySlice<PendingJob>, cluster: ClusterState) -> [StartDecision] {
        decide(queue: queue, cluster: cluster, context: SchedulingContext())
    }
}

/// First come, first served with gangs: starts jobs strictly in arrival order and stops
/// at the first one that does not fit (no job overtakes another).
public struct FIFOScheduler: SchedulingPolicy {
    public var placement: any PlacementPolicy

    public init(placement: any PlacementPolicy = ConsolidatingPlacement()) {
        self.placement = placement
    }

    public func decide(queue: ArraySlice<PendingJob>, cluster: ClusterState, context: SchedulingContext)
        -> [StartDecision]
    {
        var view = cluster
        var decisions: [StartDecision] = []
        for pending in queue {
            guard let chosen = placement.place(pending.spec.request, in: view) else { break }
            view.allocate(chosen)
            decisions.append(StartDecision(job: pending.index, placement: chosen))
        }
        return decisions
    }
}
