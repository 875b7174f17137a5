import OrreryKernel

/// Which running jobs a preemptive policy stops first when a more important job needs
/// their GPUs. Only jobs ranked strictly below the waiting job and past the minimum
/// runtime are candidates; the order picks among them, and ties go to the worst rank,
/// then the later job.
public enum VictimOrder: String, Sendable, CaseIterable {
    /// The job that started its current run earliest (it has had its turn).
    case oldest
    /// The job that started its current run last (the least work since its last start).
    case newest
    /// The lowest priority class first (then the policy's own rank, worst first).
    case lowestPriority = "lowest-priority"
    /// The fewest GPUs first, disturbing as few GPUs as possible.
    case smallest
}

/// The preempt stage's settings, shared by every preemptive policy.
public struct PreemptionSettings: Sendable, Equatable {
    public var victimOrder: VictimOrder
    /// A job is not preempted before it has run this long in its current run, so that
    /// jobs make progress (and restart costs are not paid over and over).
    public var minimumRuntime: SimTime
    /// Time a preempted job spends, on its GPUs, before it makes progress again when it
    /// restarts (checkpoint restore, warm-up). Progress made before a preemption is kept
    /// (jobs checkpoint), so the lost work is this overhead.
    public var restartCost: SimTime

    public init(victimOrder: VictimOrder = .newest, minimumRuntime: SimTime = .zero, restartCost: SimTime = .zero) {
        self.victimOrder = victimOrder
        self.minimumRuntime = minimumRuntime
        self.restartCost = restartCost
    }
}

/// What a preemptive policy decides in one pass: running jobs to stop (their GPUs are
/// released first), then jobs to start, in order, on the cluster as it is after the
/// preemptions.
public struct SchedulingPlan: Sendable {
    public var preempt: [Int] = []
    public var start: [StartDecision] = []
    /// Per start, how many of `preempt` the plan stopped before it: the order in which
    /// the plan changed its view of the cluster, which the model follows so that the
    /// cluster's history (and what placements read of it, such as the kinds of job per
    /// node) is the plan's. Shorter than `start` (empty by default): the remaining
    /// starts come after every victim.
    public var victimsBefore: [Int] = []

    public init(preempt: [Int] = [], start: [StartDecision] = [], victimsBefore: [Int] = []) {
        self.preempt = preempt
        self.start = start
        self.victimsBefore = victimsBefore
    }
}

/// A policy that may stop running jobs to start waiting ones. The model calls `plan`
/// instead of `decide`, releases the victims' GPUs, puts the victims back in the queue
/// with the progress they made, and starts the chosen jobs.
public protocol PreemptivePolicy: SchedulingPolicy {
    var preemption: PreemptionSettings { get }
    func plan(queue: ArraySlice<PendingJob>, cluster: ClusterState, context: SchedulingContext) -> SchedulingPlan
    /// While jobs wait: the next time the plan may change although nothing arrives or
    /// ends (a job passes the minimum runtime, a rank changes); nil if none.
    func nextReview(context: SchedulingContext) -> SimTime?
    /// True: the model asks for ``nextReview(context:)`` while jobs run even if none
    /// waits, for policies that move running jobs (round-based ones migrate jobs between
    /// GPU types). False (the default): reviews only while jobs wait. The model reads it,
    /// and the restart cost of ``preemption``, once per run.
    var reviewsWhileRunning: Bool { get }
}

extension PreemptivePolicy {
    public var reviewsWhileRunning: Bool { false }
}

extension PreemptivePolicy {
    /// Without preemption: the starts that fit without stopping anyone.
    public func decide(queue: ArraySlice<PendingJob>, cluster: ClusterState, context: SchedulingContext)
        -> [StartDecision]
    {
        var calm = context
        calm.running = []
        return plan(queue: queue, cluster: cluster, context: calm).start
    }
}
