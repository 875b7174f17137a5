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
/// mid-round idle until then); Orrery fills them at once. The preemption settings'
/// victim order and minimum runtime are not read: the round is the minimum runtime.
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
    private var state = RoundState(jobs: [])

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
        copy.state = RoundState(jobs: jobs)
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
        let types = GPUTypeTable(cluster)
        for pending in queue where state.throughputs[pending.index] == nil {
            state.throughputs[pending.index] = throughputs(of: pending.spec, types: types, cluster: cluster)
        }
        credit(context.running, cluster: cluster, now: now)
        reallocate(queue: queue, running: context.running, types: types, cluster: cluster, now: now)
        let pairs = rankedPairs(queue: queue, running: context.running, cluster: cluster, typeCount: types.capacities.count, now: now)
        let isRound = now.nanoseconds % roundLength.nanoseconds == 0 && state.lastRound != now
        if isRound { state.lastRound = now }
        var view = cluster
        var plan = SchedulingPlan()
        var placed = Set<Int>()
        if isRound {
            planRound(pairs: pairs, running: context.running, types: types, view: &view, plan: &plan, placed: &placed)
        }
        // Idle GPUs go to waiting jobs in priority order, each on its type.
        let waiting = Set(queue.map(\.index))
        let specs = Dictionary(uniqueKeysWithValues: queue.map { ($0.index, $0.spec) })
        for pair in pairs where waiting.contains(pair.job) && !placed.contains(pair.job) {
            guard let spec = specs[pair.job], view.freeGPUs(ofType: cluster.gpuTypes[pair.type]) >= spec.gpus else { continue }
            var request = spec.request
            request.gpuType = cluster.gpuTypes[pair.type]
            guard let chosen = placement.place(request, in: view) else { continue }
            view.allocate(chosen)
            plan.start.append((pair.job, chosen))
            placed.insert(pair.job)
        }
        // Jobs no single type holds: by GPU count (no usable type), or by host demand,
        // seen when the cluster is idle and nothing started (an idle type that did not
        // take them never will): anywhere, on what is left.
        let idle = context.running.isEmpty && plan.start.isEmpty
        for pending in queue where !placed.contains(pending.index) {
            guard idle || !(state.throughputs[pending.index] ?? []).contains(where: { $0 > 0 }) else { continue }
            guard view.totalGPUs - view.allocatedGPUs >= pending.spec.gpus, let chosen = placement.place(pending.spec.request, in: view)
            else { continue }
            view.allocate(chosen)
            plan.start.append((pending.index, chosen))
            placed.insert(pending.index)
        }
        return plan
    }

    /// The round: chooses who runs on which type, keeps, migrates and preempts.
    private func planRound(
        pairs: [RankedPair], running: [RunningJob], types: GPUTypeTable, view: inout ClusterState, plan: inout SchedulingPlan,
        placed: inout Set<Int>
    ) {
        var budget = types.capacities
        var chosen: [Int: Int] = [:]
        var order: [Int] = []
        for pair in pairs where chosen[pair.job] == nil && budget[pair.type] >= pair.gpus {
            budget[pair.type] -= pair.gpus
            chosen[pair.job] = pair.type
            order.append(pair.job)
        }
        let current = Dictionary(uniqueKeysWithValues: running.map { ($0.index, $0) })
        // Running jobs not kept where they are give up their GPUs (in the plan's view).
        let moved = running.filter { job in
            guard let held = job.placement else { return false }
            guard let type = chosen[job.index] else { return true }
            return type != GPUTypeTable.type(of: held, in: view)
        }
        for job in moved { if let held = job.placement { view.release(held) } }
        var stopped = Set<Int>()
        for job in order {
            guard let type = chosen[job] else { continue }
            let isRunning = current[job] != nil
            if isRunning && !moved.contains(where: { $0.index == job }) { continue }
            guard var request = request(of: job, running: current[job]) else { continue }
            request.gpuType = view.gpuTypes[type]
            guard view.freeGPUs(ofType: request.gpuType) >= request.gpus, let spot = placement.place(request, in: view) else { continue }
            view.allocate(spot)
            if isRunning { stopped.insert(job) }
            plan.start.append((job, spot))
            placed.insert(job)
        }
        // Unchosen (or unplaced) running jobs whose GPUs nobody took keep them.
        for job in moved where !stopped.contains(job.index) {
            guard let held = job.placement else { continue }
            if Self.isFree(held, in: view) {
                view.allocate(held)
            } else {
                stopped.insert(job.index)
            }
        }
        plan.preempt = stopped.sorted()
    }

    /// The resource request of a job by index: waiting jobs from the run's table, running
    /// ones as they run.
    private func request(of job: Int, running: RunningJob?) -> ResourceRequest? {
        if job < state.jobs.count { return state.jobs[job].request }
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

    /// Credits every running job with the time since the last pass on its type.
    private func credit(_ running: [RunningJob], cluster: ClusterState, now: SimTime) {
        for job in running {
            guard let held = job.placement, let type = GPUTypeTable.type(of: held, in: cluster),
                var seconds = state.received[job.index]
            else { continue }
            seconds[type] += (now - Swift.max(state.lastPass, job.runStart)).seconds
            state.received[job.index] = seconds
        }
        state.lastPass = now
    }

    /// Solves the allocation again when the jobs present changed, and restarts the
    /// count of time received.
    private func reallocate(
        queue: ArraySlice<PendingJob>, running: [RunningJob], types: GPUTypeTable, cluster: ClusterState, now: SimTime
    ) {
        let active = (queue.map(\.index) + running.map(\.index)).sorted()
        guard active != state.active else { return }
        state.active = active
        let typeCount = types.capacities.count
        let jobs = active.map { index in
            let gpus = index < state.jobs.count ? state.jobs[index].gpus : running.first { $0.index == index }?.gpus ?? 1
            return MaxMinAllocation.Job(gpus: gpus, throughputs: state.throughputs[index] ?? [Double](repeating: 0, count: typeCount))
        }
        let allocation = MaxMinAllocation(jobs: jobs, capacities: types.capacities, heterogeneityAware: heterogeneityAware)
        state.shares = Dictionary(uniqueKeysWithValues: zip(active, allocation.shares))
        state.received = Dictionary(uniqueKeysWithValues: active.map { ($0, [Double](repeating: 0, count: typeCount)) })
        state.allocatedAt = now
    }

    /// A (job, type) pair the round walks, with its priority.
    struct RankedPair {
        var job: Int
        var type: Int
        var gpus: Int
        var priority: Double
        /// The job runs on this type now (keeping it there costs no restart).
        var isCurrent: Bool
    }

    /// Every (job, type) pair a job can run on, by priority (highest first), then the
    /// pair the job runs on now (no needless migration on a tie), then job index, then
    /// type; pairs with no share last.
    private func rankedPairs(queue: ArraySlice<PendingJob>, running: [RunningJob], cluster: ClusterState, typeCount: Int, now: SimTime)
        -> [RankedPair]
    {
        let elapsed = (now - state.allocatedAt).seconds
        var pairs: [RankedPair] = []
        func add(_ job: Int, gpus: Int, current: Int?) {
            guard let rates = state.throughputs[job] else { return }
            let shares = state.shares[job] ?? [], received = state.received[job] ?? []
            for type in 0..<typeCount where rates[type] > 0 {
                let share = type < shares.count ? shares[type] : 0
                let fraction = elapsed > 0 && type < received.count ? received[type] / elapsed : 0
                let priority = share <= 0 ? 0 : fraction > 0 ? share / fraction : share * Self.unservedWeight
                pairs.append(RankedPair(job: job, type: type, gpus: gpus, priority: priority, isCurrent: type == current))
            }
        }
        for pending in queue { add(pending.index, gpus: pending.spec.gpus, current: nil) }
        for job in running { add(job.index, gpus: job.gpus, current: job.placement.flatMap { GPUTypeTable.type(of: $0, in: cluster) }) }
        pairs.sort { a, b in
            if a.priority != b.priority { return a.priority > b.priority }
            if a.isCurrent != b.isCurrent { return a.isCurrent }
            return a.job != b.job ? a.job < b.job : a.type < b.type
        }
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
