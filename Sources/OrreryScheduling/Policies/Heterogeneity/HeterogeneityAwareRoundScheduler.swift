import OrreryKernel

/// Gavel's heterogeneity-aware max-min fairness with its round-based mechanism
/// (Narayanan et al., OSDI'20, §4.1 and §5): `gavel-max-min`, and the same mechanism on a
/// heterogeneity-agnostic allocation, `gavel-max-min-agnostic`.
///
/// **Allocation.** Whenever the set of jobs present (waiting or running) changes, the
/// policy solves ``MaxMinAllocation`` for them: each job's share of time X[j][t] on each
/// GPU type t. A job's throughput on a type is its trace duration ÷ its run time there
/// under the run's ``RunTimeModel`` (Gavel's per-job-type throughputs under `run-time:
/// gavel`, per-type speeds under `gpu-speed`, equal under `trace`), so the policy sees
/// exactly the speeds the jobs will run at.
///
/// **Rounds.** Time is cut into rounds of `roundLength` (default 6 min, Gavel's), from 0.
/// With t₀ the time the allocation was computed, job j has received the fraction
/// f[j][t] = (time j held type t since t₀) / (now − t₀); its priority on t is X[j][t] /
/// f[j][t] (X·10⁹ while f = 0, as in Gavel: jobs furthest below their share first). At
/// each round boundary (while jobs run or wait) the (job, type) pairs are walked by
/// priority, highest first (ties: the pair a job runs on now, then lower job index, then
/// type order), and each job not yet chosen takes its type if the round still has that
/// many GPUs of it; pairs with X = 0 follow (by job index) so no GPU idles that a job
/// could use. Running jobs chosen on the type they run on keep their GPUs; the chosen
/// others are placed (placement stage, restricted to their type); running jobs not
/// chosen keep their GPUs if nobody took them, and are preempted otherwise. A job chosen
/// on another type than its current one migrates: stopped and restarted on the new type,
/// paying `scheduler.preemption.restart-cost` (progress is kept). Between round
/// boundaries (arrivals, completions) nothing is preempted: idle GPUs go to waiting jobs
/// in the same order. Jobs no single type can hold run across types on GPUs left over:
/// by GPU count (they get no share), or by host demand (tried once no job runs).
///
/// Differences from Gavel: Gavel schedules only at round boundaries (GPUs freed
/// mid-round idle until then); Orrery fills them at once. Gavel recomputes the
/// allocation at the first round boundary after the job set changed; Orrery as soon as
/// it changes. The preemption settings' victim order and minimum runtime are not read:
/// the round is the minimum runtime.
public struct HeterogeneityAwareRoundScheduler: PreemptivePolicy {
    /// Gavel's round length, 6 minutes (OSDI'20 §5 and its simulator's default).
    public static let defaultRoundLength = SimTime.seconds(360)

    public var placement: any PlacementPolicy
    public var preemption: PreemptionSettings
    public var roundLength: SimTime
    /// False: the allocation treats every GPU type as equally fast for every job.
    public var heterogeneityAware: Bool
    /// Where the policy reads jobs' throughputs per type (the run's run-time model).
    public var runTime: any RunTimeModel
    private var box = RoundStateBox(RoundState(jobs: []))

    public init(
        heterogeneityAware: Bool = true, runTime: any RunTimeModel = TraceRunTime(),
        placement: any PlacementPolicy = ConsolidatingPlacement(), preemption: PreemptionSettings = .init(),
        roundLength: SimTime = Self.defaultRoundLength
    ) {
        self.heterogeneityAware = heterogeneityAware
        self.runTime = runTime
        self.placement = placement
        self.preemption = preemption
        self.roundLength = roundLength > .zero ? roundLength : Self.defaultRoundLength
    }

    /// A copy with its own memory of the run (every run must be prepared).
    public func prepared(for jobs: [JobSpec]) -> any SchedulingPolicy {
        var copy = self
        copy.box = RoundStateBox(RoundState(jobs: jobs))
        return copy
    }

    /// Rounds go on while jobs run: a round may move a job to a faster type that freed up.
    public var reviewsWhileRunning: Bool { true }

    /// The next round boundary while jobs run. With none running the cluster is idle and
    /// the last pass placed every waiting job it could, so no round would change anything.
    public func nextReview(context: SchedulingContext) -> SimTime? {
        guard !context.running.isEmpty else { return nil }
        let length = roundLength.nanoseconds
        return SimTime(nanoseconds: (context.now.nanoseconds / length + 1) * length)
    }

    public func plan(queue: ArraySlice<PendingJob>, cluster: ClusterState, context: SchedulingContext) -> SchedulingPlan {
        let now = context.now
        // The run's state, swapped out of its box for the pass (and back at the end).
        var state = RoundState(jobs: [])
        swap(&state, &box.state)
        defer { swap(&state, &box.state) }
        state.prepare(for: cluster)
        // Loops over the queue and the running list read fields in place: copying a job
        // retains each of its strings.
        for i in queue.indices {
            let index = queue[i].index
            state.ensure(index)
            guard !state.seen[index] else { continue }
            state.record(
                index, gpus: queue[i].spec.gpus, throughputs: throughputs(of: queue[i].spec, types: state.types, cluster: cluster),
                heterogeneityAware: heterogeneityAware)
        }
        state.credit(context.running, cluster: cluster, now: now)
        if !state.allocationCovers(queue: queue, running: context.running) {
            state.reallocate(queue: queue, running: context.running, now: now)
        }
        let isRound = now.nanoseconds % roundLength.nanoseconds == 0 && state.lastRound != now
        if isRound { state.lastRound = now }
        var view = cluster
        var plan = SchedulingPlan()
        state.marks.newPass(jobs: state.seen.count)
        for i in queue.indices { state.marks.queuePosition[queue[i].index] = i }
        if isRound {
            let pairs = rankedPairs(queue: queue, running: context.running, state: state, cluster: cluster, now: now, free: nil)
            planRound(pairs: pairs, running: context.running, state: &state, view: &view, plan: &plan)
        }
        // Idle GPUs go to waiting jobs in priority order, each on its type (pairs that
        // cannot fit now never will in this pass: starts only take GPUs).
        let free = (0..<state.typeCount).map { view.freeGPUs(typeIndex: $0) }
        if free.contains(where: { $0 > 0 }) {
            let waiting = rankedPairs(queue: queue, running: [], state: state, cluster: cluster, now: now, free: free)
            for pair in waiting where !state.marks.placed.contains(pair.job) {
                guard view.freeGPUs(typeIndex: pair.type) >= pair.gpus else { continue }
                guard let position = state.marks.queuePosition[pair.job] else { continue }
                var request = queue[position].spec.request
                request.gpuType = cluster.gpuTypes[pair.type]
                guard let chosen = placement.place(request, in: view) else { continue }
                view.allocate(chosen)
                plan.start.append((pair.job, chosen))
                state.marks.placed[pair.job] = 0
            }
        }
        // Jobs no single type holds: by GPU count (no usable type), or by host demand,
        // seen when the cluster is idle and nothing started (an idle type that did not
        // take them never will): anywhere, on what is left.
        let idle = context.running.isEmpty && plan.start.isEmpty
        for i in queue.indices where !state.marks.placed.contains(queue[i].index) {
            let index = queue[i].index
            guard idle || !state.runsOnOneType(index) else { continue }
            guard view.totalGPUs - view.allocatedGPUs >= queue[i].spec.gpus, let chosen = placement.place(queue[i].spec.request, in: view)
            else { continue }
            view.allocate(chosen)
            plan.start.append((index, chosen))
            state.marks.placed[index] = 0
        }
        return plan
    }

    /// The round: chooses who runs on which type, keeps, migrates and preempts.
    private func planRound(
        pairs: [RankedPair], running: [RunningJob], state: inout RoundState, view: inout ClusterState, plan: inout SchedulingPlan
    ) {
        var budget = state.types.capacities
        let jobs = state.jobs
        var order: [Int] = []
        for pair in pairs where !state.marks.chosenType.contains(pair.job) && budget[pair.type] >= pair.gpus {
            budget[pair.type] -= pair.gpus
            state.marks.chosenType[pair.job] = pair.type
            order.append(pair.job)
        }
        for i in running.indices { state.marks.runningPosition[running[i].index] = i }
        // Running jobs not kept where they are give up their GPUs (in the plan's view).
        var moved: [Int] = []
        for i in running.indices {
            guard let held = running[i].placement else { continue }
            let index = running[i].index
            if let type = state.marks.chosenType[index], type == GPUTypeTable.type(of: held, in: view) { continue }
            moved.append(i)
            state.marks.moved[index] = 0
            view.release(held)
        }
        var victims: [Int] = []
        for job in order {
            guard let type = state.marks.chosenType[job] else { continue }
            let current = state.marks.runningPosition[job].map { running[$0] }
            if current != nil && !state.marks.moved.contains(job) { continue }
            guard var request = Self.request(of: job, running: current, jobs: jobs) else { continue }
            request.gpuType = view.gpuTypes[type]
            guard view.freeGPUs(typeIndex: type) >= request.gpus, let spot = placement.place(request, in: view) else { continue }
            view.allocate(spot)
            if current != nil {
                state.marks.stopped[job] = 0
                victims.append(job)
            }
            plan.start.append((job, spot))
            state.marks.placed[job] = 0
        }
        // Unchosen (or unplaced) running jobs whose GPUs nobody took keep them.
        for i in moved where !state.marks.stopped.contains(running[i].index) {
            guard let held = running[i].placement else { continue }
            if Self.isFree(held, in: view) {
                view.allocate(held)
            } else {
                victims.append(running[i].index)
            }
        }
        plan.preempt = victims.sorted()
    }

    /// The resource request of a job by index: waiting jobs from the run's table, running
    /// ones as they run.
    private static func request(of job: Int, running: RunningJob?, jobs: [JobSpec]) -> ResourceRequest? {
        if job < jobs.count { return jobs[job].request }
        guard let running, let held = running.placement else { return nil }
        return ResourceRequest(
            gpus: running.gpus, gpuMilli: held.gpuMilli, cpuMilli: 0, memoryMiB: 0, gpuType: running.gpuType, jobType: nil)
    }

    /// Whether every GPU (and host share) of `placement` is free in `cluster`.
    static func isFree(_ placement: Placement, in cluster: ClusterState) -> Bool {
        placement.shares.allSatisfy { share in
            cluster.hostFits(share.node, cpuMilli: share.cpuMilli, memoryMiB: share.memoryMiB)
                && share.gpus.allSatisfy { cluster.freeMilli(of: share.node, gpu: $0) >= placement.gpuMilli }
        }
    }

    /// A (job, type) pair the round walks, with its place in the walk as two integers
    /// (a round sorts every pair present, tens of thousands of rounds a run).
    struct RankedPair {
        /// The priority's bits, inverted: priorities are never negative, and the bit
        /// patterns of non-negative doubles order as the values do, so a smaller `rank`
        /// is a higher priority.
        var rank: UInt64
        /// The ties, in order: the pair the job runs on now first (keeping it there costs
        /// no restart), then job index, then type.
        var tie: UInt64
        var gpus: Int

        init(job: Int, type: Int, gpus: Int, priority: Double, isCurrent: Bool) {
            #if ORRERY_INTERNAL_CHECKS
            precondition(priority >= 0 && (0..<1 << 16).contains(type) && (0..<1 << 47).contains(job))
            #endif
            rank = ~priority.bitPattern
            tie = (isCurrent ? 0 : 1 << 63) | UInt64(job) << 16 | UInt64(type)
            self.gpus = gpus
        }

        var job: Int { Int((tie & ~(1 << 63)) >> 16) }
        var type: Int { Int(tie & 0xFFFF) }

        static func walksBefore(_ a: RankedPair, _ b: RankedPair) -> Bool {
            a.rank != b.rank ? a.rank < b.rank : a.tie < b.tie
        }
    }

    /// Every (job, type) pair a job can run on, by priority (highest first), then the
    /// pair the job runs on now (no needless migration on a tie), then job index, then
    /// type; pairs with no share last. With `free`, only pairs of waiting jobs that fit
    /// in the free GPUs of their type.
    private func rankedPairs(
        queue: ArraySlice<PendingJob>, running: [RunningJob], state: RoundState, cluster: ClusterState, now: SimTime, free: [Int]?
    ) -> [RankedPair] {
        let elapsed = (now - state.allocatedAt).seconds
        var pairs: [RankedPair] = []
        pairs.reserveCapacity(queue.count + running.count)
        func add(_ job: Int, gpus: Int, current: Int?) {
            guard state.seen[job] else { return }
            for type in 0..<state.typeCount where state.rate(job, type) > 0 {
                if let free, free[type] < gpus { continue }
                let share = state.share(job, type)
                let fraction = elapsed > 0 ? state.received(job, type) / elapsed : 0
                let priority = share <= 0 ? 0 : fraction > 0 ? share / fraction : share * Self.unservedWeight
                pairs.append(RankedPair(job: job, type: type, gpus: gpus, priority: priority, isCurrent: type == current))
            }
        }
        for i in queue.indices { add(queue[i].index, gpus: queue[i].spec.gpus, current: nil) }
        for i in running.indices {
            add(running[i].index, gpus: running[i].gpus, current: running[i].placement.flatMap { GPUTypeTable.type(of: $0, in: cluster) })
        }
        pairs.sort(by: RankedPair.walksBefore)
        return pairs
    }

    /// The priority factor of a share not served at all yet (Gavel's stand-in for X / 0).
    static let unservedWeight = 1e9

    /// The job's throughput on each type: trace duration ÷ its run time on the type's
    /// first nodes (0 where it cannot run: another GPU type asked for, or more GPUs than
    /// the type has).
    private func throughputs(of spec: JobSpec, types: GPUTypeTable, cluster: ClusterState) -> [Double] {
        (0..<types.capacities.count).map { type in
            guard let nominal = types.nominalPlacement(gpus: spec.gpus, type: type, in: cluster),
                cluster.matches(nominal.shares[0].node, spec.gpuType)
            else { return 0 }
            let time = runTime.runTime(of: spec, on: nominal, in: cluster)
            return time > .zero ? spec.duration.seconds / time.seconds : 0
        }
    }
}
