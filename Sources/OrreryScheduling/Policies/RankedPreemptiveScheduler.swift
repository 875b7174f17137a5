import OrreryKernel

/// Orders jobs for a preemptive policy: a smaller rank is more important. Ranks are read
/// from the job and the run time it has completed, so they can change as it runs (LAS,
/// Gittins) or stay fixed (priority).
public protocol JobRanking: Sendable {
    func rank(_ job: RankedJob) -> Double
    /// The ranking to use on `jobs` (Gittins learns its distribution here).
    func prepared(for jobs: [JobSpec]) -> any JobRanking
    /// Run time after which a running job's rank next changes in a way that can let a
    /// waiting job overtake it (nil: never, for the rest of this run). The model reviews
    /// the schedule then.
    func runTimeToNextChange(_ job: RankedJob) -> SimTime?
    /// How long a running job's rank now bounds its rank: while its progress grows by
    /// less than the hold's `runTime` (`.max`: for the rest of the run) its rank never
    /// rises above the hold's `ceiling`, or above `rank(job)` when it has none, and stays
    /// exactly that if `isConstant`. The default holds nothing. Lets a pass skip running
    /// jobs no waiting job could preempt and rank the others only as far as it needs:
    /// SRTF's rank only falls as a job runs, a priority never changes, a LAS queue holds
    /// until the next threshold, a Gittins rank stays under a ceiling over a stretch of
    /// service.
    func rankHold(_ job: RankedJob) -> RankHold
    /// The same as `rank(job)`, given per-job scratch state kept between calls for the
    /// same job (rankings with costly lookups, such as Gittins, start from it).
    func rank(_ job: RankedJob, cache: inout RankCache) -> Double
    /// The same as `rankHold(job)`, given the job's scratch state as for
    /// ``rank(_:cache:)``.
    func rankHold(_ job: RankedJob, cache: inout RankCache) -> RankHold
}

/// See ``JobRanking/rankHold(_:)``.
public struct RankHold: Sendable, Equatable {
    /// Progress over which the rank now bounds the rank (zero: nothing known).
    public var runTime: SimTime
    /// Whether the rank stays exactly the same over `runTime` (not merely never rises).
    public var isConstant: Bool
    /// The highest rank over `runTime`, for a rank that may rise during it (nil: the rank
    /// now is the highest). Never set with `isConstant`.
    public var ceiling: Double?

    public init(runTime: SimTime, isConstant: Bool, ceiling: Double? = nil) {
        self.runTime = runTime
        self.isConstant = isConstant
        self.ceiling = isConstant ? nil : ceiling
    }

    /// Nothing known: the job must be ranked afresh whenever its rank matters.
    public static let none = RankHold(runTime: .zero, isConstant: false)
}

/// Scratch state a ranking may keep per running job between passes (see
/// ``JobRanking/rank(_:cache:)``); it never changes the rank, only how fast it is found.
public struct RankCache: Sendable {
    public var first = 0
    public var second = 0
    /// The stretch of attained service a Gittins rank was last found in, with its terms
    /// (``GittinsSegment``): a rank inside it is a division, not a search.
    public var segment = GittinsSegment()

    public init() {}
}

/// What a ranking may read about a job, waiting or running.
public struct RankedJob: Sendable {
    public var gpus: Int
    public var duration: SimTime
    public var priority: Int
    /// Run time completed so far.
    public var progress: SimTime

    public init(gpus: Int, duration: SimTime, priority: Int = 0, progress: SimTime = .zero) {
        self.gpus = gpus
        self.duration = duration
        self.priority = priority
        self.progress = progress
    }

    /// GPU-seconds attained so far (Tiresias' two dimensions: GPUs × time).
    public var attainedService: Double { Double(gpus) * progress.seconds }
}

extension JobRanking {
    public func prepared(for jobs: [JobSpec]) -> any JobRanking { self }
    public func runTimeToNextChange(_ job: RankedJob) -> SimTime? { nil }
    public func rank(_ job: RankedJob, cache: inout RankCache) -> Double { rank(job) }
    public func rankHold(_ job: RankedJob) -> RankHold { .none }
    public func rankHold(_ job: RankedJob, cache: inout RankCache) -> RankHold { rankHold(job) }

    /// Run time until `job`'s attained service reaches the first of `thresholds` above
    /// it (GPU-seconds), rounded up to a whole nanosecond; nil past the last.
    func runTimeToThreshold(_ job: RankedJob, thresholds: [Double]) -> SimTime? {
        let service = job.attainedService
        guard let next = thresholds.first(where: { $0 > service }) else { return nil }
        return runTime(job, toService: next)
    }

    /// Run time until `job`'s attained service reaches `target` GPU-seconds, rounded up to
    /// a whole nanosecond; nil if it is there already.
    func runTime(_ job: RankedJob, toService target: Double) -> SimTime? {
        let service = job.attainedService
        guard job.gpus > 0, target > service else { return nil }
        let nanoseconds = ((target - service) / Double(job.gpus) * 1e9).rounded(.up)
        return SimTime(nanoseconds: Swift.max(1, Int64(nanoseconds)))
    }
}

/// The sequence and preempt stages for rank-ordered policies (priority, SRTF, 2D-LAS,
/// Gittins).
///
/// Waiting jobs are taken by rank (ties: arrival order). Each starts if placement finds
/// it GPUs; if not, running jobs ranked strictly worse and past the minimum runtime are
/// stopped in the configured victim order (only those whose GPUs it could use) until it
/// fits. A job that cannot start even then is skipped and the walk goes on, so the
/// cluster stays busy (no reservation: large jobs may starve, as in Tiresias). Victims
/// are chosen only if the job then fits: nobody is stopped for nothing.
public struct RankedPreemptiveScheduler: PreemptivePolicy {
    public var ranking: any JobRanking
    public var placement: any PlacementPolicy
    public var preemption: PreemptionSettings
    /// Estimated instead of oracle durations for the ranking (``SchedulingPolicy/durationPredictor``).
    public var predictor: RecentRunTimePredictor?

    public init(
        ranking: any JobRanking, placement: any PlacementPolicy = ConsolidatingPlacement(), preemption: PreemptionSettings = .init(),
        predictor: RecentRunTimePredictor? = nil
    ) {
        self.ranking = ranking
        self.placement = placement
        self.preemption = preemption
        self.predictor = predictor
    }

    public var durationPredictor: RecentRunTimePredictor? { predictor }

    public func prepared(for jobs: [JobSpec]) -> any SchedulingPolicy {
        var copy = self
        copy.ranking = ranking.prepared(for: jobs)
        return copy
    }

    public func plan(queue: ArraySlice<PendingJob>, cluster: ClusterState, context: SchedulingContext) -> SchedulingPlan {
        var plan = SchedulingPlan()
        let now = context.now
        let ranks = queue.map {
            ranking.rank(RankedJob(gpus: $0.spec.gpus, duration: $0.spec.duration, priority: $0.spec.priority, progress: $0.progress))
        }
        let order = ranks.indices.sorted { ranks[$0] != ranks[$1] ? ranks[$0] < ranks[$1] : $0 < $1 }
        // Candidates for preemption, in victim order, with their current rank.
        var victims: [(job: RunningJob, rank: Double)] = context.running
            .filter { now - $0.runStart >= preemption.minimumRuntime }
            .map { ($0, ranking.rank(RankedJob(gpus: $0.gpus, duration: $0.duration, priority: $0.priority, progress: $0.progress(at: now)))) }
        victims.sort { Self.stopsBefore(VictimKey($0, order: preemption.victimOrder), VictimKey($1, order: preemption.victimOrder)) }
        var view = cluster
        // The worst victim rank left: a job ranked at or above it cannot preempt, nor can
        // any job after it (ranks ascend), so with no GPU free the walk can stop.
        var worstVictim = victims.map(\.rank).max()
        for offset in order {
            let pending = queue[queue.startIndex + offset]
            let spec = pending.spec
            let free = view.totalGPUs - view.allocatedGPUs
            let mayPreempt = worstVictim.map { $0 > ranks[offset] } ?? false
            if !mayPreempt && free == 0 { break }
            if !mayPreempt && spec.gpus > free { continue }
            if spec.gpus <= free, let chosen = placement.place(spec.request, in: view) {
                view.allocate(chosen)
                plan.start.append(StartDecision(job: pending.index, placement: chosen))
                plan.victimsBefore.append(plan.preempt.count)
                continue
            }
            guard mayPreempt else { continue }
            var trial = view
            var stopped: [Int] = []
            var fitted: Placement?
            for (position, victim) in victims.enumerated()
            where victim.rank > ranks[offset] && EASYBackfillScheduler.competes(victim.job.gpuType, with: spec.gpuType, in: view) {
                guard let held = victim.job.placement else { continue }
                trial.release(held)
                stopped.append(position)
                guard trial.totalGPUs - trial.allocatedGPUs >= spec.gpus else { continue }
                if let chosen = placement.place(spec.request, in: trial) {
                    fitted = chosen
                    break
                }
            }
            guard let chosen = fitted else { continue }
            trial.allocate(chosen)
            view = trial
            plan.preempt += stopped.map { victims[$0].job.index }
            for position in stopped.reversed() { victims.remove(at: position) }
            worstVictim = victims.map(\.rank).max()
            plan.start.append(StartDecision(job: pending.index, placement: chosen))
            plan.victimsBefore.append(plan.preempt.count)
        }
        return plan
    }

    /// The next time the plan may change with no arrival or completion: when a running
    /// job passes the minimum runtime, or its rank changes (after its restart overhead;
    /// run time to the change is progress, which a job slowed or sped up by its
    /// placement makes at its pace).
    public func nextReview(context: SchedulingContext) -> SimTime? {
        var earliest: SimTime?
        func consider(_ time: SimTime) {
            if time > context.now && earliest.map({ time < $0 }) ?? true { earliest = time }
        }
        for job in context.running {
            consider(job.runStart + preemption.minimumRuntime)
            let ranked = RankedJob(gpus: job.gpus, duration: job.duration, priority: job.priority, progress: job.progress(at: context.now))
            if let change = ranking.runTimeToNextChange(ranked) {
                consider(Swift.max(context.now, job.runStart + job.restartDelay) + RunningJob.wallTime(of: change, pace: job.pace))
            }
        }
        return earliest
    }

    /// What the victim order reads about a running job: its rank, and its place in the
    /// order's own key folded into one integer when the key is built, so that comparing
    /// two victims needs no switch over the order.
    struct VictimKey {
        var job: Int
        var rank: Double
        var gpus: Int
        /// The victim order's key: smaller stops first (a later start for `newest`, a
        /// lower class for `lowest-priority`, ...).
        var precedence: Int64

        init(job: Int, rank: Double, runStart: SimTime, priority: Int, gpus: Int, order: VictimOrder) {
            (self.job, self.rank, self.gpus) = (job, rank, gpus)
            switch order {
            case .oldest: precedence = runStart.nanoseconds
            case .newest: precedence = -runStart.nanoseconds
            case .lowestPriority: precedence = Int64(priority)
            case .smallest: precedence = Int64(gpus)
            }
        }

        init(_ victim: (job: RunningJob, rank: Double), order: VictimOrder) {
            self.init(
                job: victim.job.index, rank: victim.rank, runStart: victim.job.runStart, priority: victim.job.priority,
                gpus: victim.job.gpus, order: order)
        }
    }

    /// Victim order; ties go to the worse rank, then the higher job index (the later job).
    @inline(__always)
    static func stopsBefore(_ a: VictimKey, _ b: VictimKey) -> Bool {
        if a.precedence != b.precedence { return a.precedence < b.precedence }
        return a.rank != b.rank ? a.rank > b.rank : a.job > b.job
    }
}
