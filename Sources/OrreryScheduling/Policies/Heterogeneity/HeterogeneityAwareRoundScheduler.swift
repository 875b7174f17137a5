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
///
/// `plan(queue:cluster:context:)` is the definition; the model runs the same pass on the
/// tables of ``RoundSession`` instead of its queue and running list.
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
        context.running.isEmpty ? nil : nextRoundBoundary(after: context.now)
    }

    func nextRoundBoundary(after now: SimTime) -> SimTime {
        let length = roundLength.nanoseconds
        return SimTime(nanoseconds: (now.nanoseconds / length + 1) * length)
    }

    public func plan(queue: ArraySlice<PendingJob>, cluster: ClusterState, context: SchedulingContext) -> SchedulingPlan {
        // The run's state, swapped out of its box for the pass (and back at the end).
        var state = RoundState(jobs: [])
        swap(&state, &box.state)
        defer { swap(&state, &box.state) }
        var view = cluster
        return plan(QueuedRoundJobs(queue: queue, running: context.running, cluster: cluster), on: &view, now: context.now, state: &state)
    }

    /// One pass on `jobs` (the definition's view of the model's lists, or a session's
    /// tables): the plan, made on `view`, the cluster or a copy of it, which it leaves as
    /// the cluster would be with the plan applied. Everything read of the cluster before
    /// the plan (types, placements of running jobs) is read before the first change.
    func plan<Jobs: RoundJobs>(_ jobs: Jobs, on view: inout ClusterState, now: SimTime, state: inout RoundState) -> SchedulingPlan {
        state.prepare(for: view)
        // Jobs seen for the first time are filed in arrival order.
        for position in Self.inArrivalOrder(jobs.unseenWaiting(in: &state), jobs) {
            let spec = jobs.waitingSpec(position)
            state.record(
                jobs.waitingJob(position), gpus: spec.gpus, throughputs: throughputs(of: spec, types: state.types, cluster: view),
                heterogeneityAware: heterogeneityAware)
        }
        jobs.updatePresence(in: &state)
        if !state.allocationIsCurrent { state.reallocate(now: now) }
        let isRound = now.nanoseconds % roundLength.nanoseconds == 0 && state.lastRound != now
        if isRound { state.lastRound = now }
        var plan = SchedulingPlan()
        state.marks.newPass(jobs: state.jobCount)
        // With nobody waiting on a cluster of one GPU type, a round keeps every running
        // job where it is (no job can take another's GPUs or move to another type): on
        // the Philly trace, six rounds in ten.
        if isRound && (jobs.waitingCount > 0 || state.typeCount > 1) {
            state.solvePendingShares()
            var pairs = rankedPairs(jobs, running: true, state: state, now: now, free: nil)
            state.pairSort.arrange(&pairs)
            if let masks = wholeGPUMasks(for: view, state: &state) {
                masks.load(from: view)
                var onMasks = masks
                planRound(pairs: pairs, jobs: jobs, now: now, state: &state, cluster: &onMasks, plan: &plan)
                masks.write(into: &view)
            } else {
                planRound(pairs: pairs, jobs: jobs, now: now, state: &state, cluster: &view, plan: &plan)
            }
        }
        // Idle GPUs go to waiting jobs in priority order, each on its type (pairs that
        // cannot fit now never will in this pass: starts only take GPUs). Usually a few
        // GPUs are idle and a few jobs take them: the pairs are heaped, not sorted, and
        // the walk ends when no GPU is left idle.
        let free = (0..<state.typeCount).map { view.freeGPUs(typeIndex: $0) }
        // Shares not yet solved are solved only if some waiting job fits: after an
        // arrival, the GPUs left idle are usually too few for anyone waiting.
        if free.contains(where: { $0 > 0 }), !state.sharesPending || Self.someWaitingJobFits(jobs, in: free, state: state) {
            state.solvePendingShares()
            var waiting = MinHeap(heapifying: rankedPairs(jobs, running: false, state: state, now: now, free: free))
            while let pair = waiting.popMin() {
                guard !state.marks.isPlaced(pair.job), view.freeGPUs(typeIndex: pair.type) >= pair.gpus else { continue }
                let demand = pair.job < state.requests.count
                    ? state.requests[pair.job] : Self.waitingPosition(of: pair.job, in: jobs).map { jobs.waitingSpec($0).request.demand }
                let chosen = demand.flatMap { placement.place($0, onType: pair.type, in: view) }
                guard let chosen else { continue }
                view.allocate(chosen)
                plan.start.append(StartDecision(job: pair.job, placement: chosen))
                state.marks.markPlaced(pair.job)
                if view.totalGPUs == view.usedGPUs { break }
            }
        }
        // Jobs no single type holds: by GPU count (no usable type), or by host demand,
        // seen when the cluster is idle and nothing started (an idle type that did not
        // take them never will): anywhere, on what is left.
        let idle = jobs.runningCount == 0 && plan.start.isEmpty
        var leftOver: [Int] = []
        if idle || state.hasJobsOffEveryType {
            for position in 0..<jobs.waitingCount {
                let index = jobs.waitingJob(position)
                if !state.marks.isPlaced(index), idle || !state.runsOnOneType(index) { leftOver.append(position) }
            }
        }
        for position in Self.inArrivalOrder(leftOver, jobs) {
            let index = jobs.waitingJob(position)
            guard view.totalGPUs - view.allocatedGPUs >= jobs.waitingGPUs(position),
                let chosen = placement.place(jobs.waitingSpec(position).request, in: view)
            else { continue }
            view.allocate(chosen)
            plan.start.append(StartDecision(job: index, placement: chosen))
            state.marks.markPlaced(index)
        }
        return plan
    }

    /// A running job's place in the model's running order (expected end, then index).
    private struct RunOrder: Comparable {
        var end: SimTime
        var job: Int
        var position: Int

        static func < (a: RunOrder, b: RunOrder) -> Bool { a.end != b.end ? a.end < b.end : a.job < b.job }
    }

    /// Running positions in the model's running order.
    private static func inRunOrder<Jobs: RoundJobs>(_ positions: [Int], _ jobs: Jobs) -> [Int] {
        guard positions.count > 1 else { return positions }
        var runOrder = positions.map { RunOrder(end: jobs.runningEnd($0), job: jobs.runningJob($0), position: $0) }
        InPlaceSort.sort(&runOrder)
        return runOrder.map(\.position)
    }

    /// Waiting positions sorted by arrival.
    private static func inArrivalOrder<Jobs: RoundJobs>(_ positions: [Int], _ jobs: Jobs) -> [Int] {
        positions.count < 2 ? positions : positions.sorted { jobs.waitingArrival($0) < jobs.waitingArrival($1) }
    }

    /// The bitsets a round on `view` can be made on, if it can (``WholeGPUMasks``): every
    /// job of the run's table takes whole GPUs without host demand, and no job outside
    /// it is present.
    private func wholeGPUMasks(for view: ClusterState, state: inout RoundState) -> WholeGPUMasks? {
        guard state.requestsAreWholeGPUsWithoutHost, state.jobCount <= state.requests.count,
            WholeGPUMasks.canPlan(on: view, placement: placement)
        else { return nil }
        if let masks = state.masks { return masks }
        let masks = WholeGPUMasks()
        state.masks = masks
        return masks
    }

    /// The round: chooses who runs on which type, keeps, migrates and preempts, on
    /// `cluster` (the cluster or bitsets standing for it, ``RoundCluster``).
    private func planRound<Jobs: RoundJobs, Cluster: RoundCluster>(
        pairs: [RankedPair], jobs: Jobs, now: SimTime, state: inout RoundState, cluster view: inout Cluster, plan: inout SchedulingPlan
    ) {
        let order = choose(pairs, in: state.pairSort, marks: state.marks, capacities: state.types.capacities)
        // Running jobs not kept where they are give up their GPUs (in the plan's view), in
        // the order found: releases reach the same view in any order (each only lowers
        // counts, its kind's slot first and then the jobs a node counts without their
        // kind, ``KindSlots``), so the model's running order is not needed here.
        var moved: [Int] = []
        moved.reserveCapacity(jobs.runningCount)
        for position in 0..<jobs.runningCount {
            let index = jobs.runningJob(position)
            if let type = state.marks.chosenType(index), type == jobs.currentType(of: index) { continue }
            guard jobs.releaseRunning(position, from: &view) else { continue }
            moved.append(position)
            state.marks.markMoved(index)
        }
        var victims: [Int] = []
        victims.reserveCapacity(moved.count)
        plan.start.reserveCapacity(order.count)
        for job in order {
            guard let type = state.marks.chosenType(job) else { continue }
            let position = jobs.runningPosition(of: job)
            if position != nil && !state.marks.isMoved(job) { continue }
            let spot: Placement?
            if job < state.requests.count {
                guard view.freeGPUs(typeIndex: type) >= state.requests[job].gpus else { continue }
                spot = view.place(state.requests[job], onType: type, by: placement)
            } else {
                guard let request = Self.request(outsideTableRunningAt: position, in: jobs), view.freeGPUs(typeIndex: type) >= request.gpus
                else { continue }
                spot = view.place(request, onType: type, by: placement)
            }
            guard let spot else { continue }
            view.allocate(spot)
            if position != nil {
                state.marks.markStopped(job)
                victims.append(job)
            }
            plan.start.append(StartDecision(job: job, placement: consume spot))
            state.marks.markPlaced(job)
        }
        // Unchosen (or unplaced) running jobs whose GPUs nobody took keep them, taken back
        // in the model's running order (a host, or a shared GPU, may have room for only
        // some). A job whose GPUs are not free now never will be (taking back only takes):
        // it is a victim in any order, so only the others are ordered.
        var mayKeep: [Int] = []
        // With every GPU full (seven rounds in ten on the Philly trace), no run that
        // holds GPUs can have them back: its placement is not read.
        let everyGPUIsFull = view.isFull
        for position in moved where !state.marks.isStopped(jobs.runningJob(position)) {
            if everyGPUIsFull && jobs.runningHoldsGPUs(position) {
                victims.append(jobs.runningJob(position))
                continue
            }
            guard let held = jobs.runningPlacement(position) else { continue }
            if view.hasRoom(for: held) { mayKeep.append(position) } else { victims.append(jobs.runningJob(position)) }
        }
        for position in Self.inRunOrder(mayKeep, jobs) {
            guard let held = jobs.runningPlacement(position) else { continue }
            if view.hasRoom(for: held) {
                view.allocate(held)
            } else {
                victims.append(jobs.runningJob(position))
            }
        }
        InPlaceSort.sortDistinct(&victims, scratch: &state.sortScratch)
        // The victims' runs end now: their time on their type counts from here on.
        for job in victims {
            guard let position = jobs.runningPosition(of: job), let type = jobs.currentType(of: job) else { continue }
            state.creditStoppedRun(job, type: type, runStart: jobs.runningStart(position), now: now)
        }
        plan.preempt = victims
    }

    /// The round's choice: walks `pairs` in order (arranged by `sort`), each job not yet
    /// chosen taking its pair's type if that many of the type's `capacities` GPUs are
    /// left; returns the chosen jobs in the order chosen. Written through buffers: a round
    /// chooses about 350 pairs, and checking the budget's and the list's uniqueness at
    /// each cost 1.3 % of a `gavel-max-min` run.
    @inline(__always)
    private func choose(_ pairs: [RankedPair], in sort: PairSort, marks: RoundMarks, capacities: [Int]) -> [Int] {
        guard !pairs.isEmpty else { return [] }
        var budget = capacities
        // Once every GPU is chosen (in seven rounds in ten on the Philly trace, about 340
        // pairs into 573) no later pair can be: a job without GPUs is never placed.
        var unchosen = budget.reduce(0, +)
        // At most one per pair.
        return [Int](unsafeUninitializedCapacity: pairs.count) { order, chosen in
            budget.withUnsafeMutableBufferPointer { budget in
                pairs.withUnsafeBufferPointer { pairs in
                    sort.walk(pairs) { pair in
                        guard marks.chosenType(pair.job) == nil else { return true }
                        precondition(pair.type < budget.count, "pair of type \(pair.type) outside the cluster's types")
                        guard budget[pair.type] >= pair.gpus else { return true }
                        budget[pair.type] -= pair.gpus
                        marks.choose(pair.job, type: pair.type)
                        order[chosen] = pair.job
                        chosen += 1
                        unchosen -= pair.gpus
                        return unchosen != 0
                    }
                }
            }
        }
    }

    /// Whether some waiting job could take GPUs of a type it runs on from `free` (the
    /// free GPUs of each type): the pairs the idle GPUs' walk would make.
    private static func someWaitingJobFits<Jobs: RoundJobs>(_ jobs: Jobs, in free: [Int], state: RoundState) -> Bool {
        (0..<jobs.waitingCount).contains { position in
            let job = jobs.waitingJob(position), gpus = jobs.waitingGPUs(position)
            return state.isSeen(job) && free.indices.contains { free[$0] >= gpus && state.rate(job, $0) > 0 }
        }
    }

    /// Where waiting job `job` is listed: for jobs outside the run's table (tests), whose
    /// pairs do not carry it.
    private static func waitingPosition<Jobs: RoundJobs>(of job: Int, in jobs: Jobs) -> Int? {
        (0..<jobs.waitingCount).first { jobs.waitingJob($0) == job }
    }

    /// The demand of a job outside the run's table (tests) as it runs (at `position`),
    /// nil if it does not.
    private static func request<Jobs: RoundJobs>(outsideTableRunningAt position: Int?, in jobs: Jobs) -> ResourceDemand? {
        guard let position, let milli = jobs.runningPlacement(position)?.gpuMilli else { return nil }
        return ResourceDemand(gpus: jobs.runningGPUs(position), gpuMilli: milli)
    }

    /// Every (job, type) pair a job can run on (the walk order is ``RankedPair``'s: by
    /// priority, highest first, then the pair the job runs on now, so no needless
    /// migration on a tie, then job index, then type; pairs with no share last). With
    /// `running`, waiting and running jobs' pairs in job order, then type order
    /// (``PairSort``); otherwise waiting jobs' pairs, unordered. With `free`, only pairs
    /// that fit in the free GPUs of their type. Inlined in the pass: out of line, with
    /// the pairs made through a closure call per job, a run cost about 2.5 % more.
    @inline(__always)
    private func rankedPairs<Jobs: RoundJobs>(_ jobs: Jobs, running: Bool, state: RoundState, now: SimTime, free: [Int]?) -> [RankedPair] {
        let elapsed = (now - state.allocatedAt).seconds
        let jobCount = jobs.waitingCount + (running ? jobs.runningCount : 0)
        let types = state.typeCount
        // With no room, the initialiser below sets the count of the runtime's one shared
        // empty array: a data race (of equal values) when runs go on threads side by side.
        guard jobCount * types > 0 else { return [] }
        // Written in place (at most one pair per job and type): appended, each pair
        // checked the array's capacity and uniqueness.
        return state.withPairFigures { figures in [RankedPair](unsafeUninitializedCapacity: jobCount * types) { pairs, made in
            /// `runStart`: the start of the job's run on `current`, if it runs. `typeRange`:
            /// every type, as a range or, on a cluster of one type, as that one: the loop
            /// over types, run for every job a pass lists, then compiles to none, and a
            /// `gavel-max-min` run on the one-type Philly cluster costs 3 % less.
            func add<TypeRange: Sequence<Int>>(_ job: Int, gpus: Int, current: Int?, runStart: SimTime?, over typeRange: TypeRange) {
                guard let figures = figures.job(job) else { return }
                for type in typeRange where figures.rate(type) > 0 {
                    if let free, free[type] < gpus { continue }
                    let share = figures.share(type)
                    let received = figures.received(type, runningSince: type == current ? runStart : nil, now: now)
                    let fraction = elapsed > 0 ? received.seconds / elapsed : 0
                    let priority = share <= 0 ? 0 : fraction > 0 ? share / fraction : share * Self.unservedWeight
                    (pairs.baseAddress! + made).initialize(
                        to: RankedPair(job: job, type: type, gpus: gpus, priority: priority, isCurrent: type == current))
                    made += 1
                }
            }
            guard running else {
                // Idle GPUs' pairs are heaped: any order. A job wanting more GPUs than any
                // type has free makes none (most waiting jobs, in most passes), and is
                // passed over first. Jobs the round started are still listed as waiting,
                // and the walk would pass over them: left out.
                let mostFree = free?.max() ?? .max
                for position in 0..<jobs.waitingCount {
                    let gpus = jobs.waitingGPUs(position)
                    if gpus > mostFree { continue }
                    let job = jobs.waitingJob(position)
                    if state.marks.isPlaced(job) { continue }
                    if types == 1 {
                        add(job, gpus: gpus, current: nil, runStart: nil, over: CollectionOfOne(0))
                    } else {
                        add(job, gpus: gpus, current: nil, runStart: nil, over: 0..<types)
                    }
                }
                return
            }
            // A round's in job order, so that within each priority they come in walk order.
            if types == 1 {
                jobs.forEachInIndexOrder { job, gpus, runStart in
                    let current = runStart == nil ? nil : jobs.currentType(of: job)
                    add(job, gpus: gpus, current: current, runStart: runStart, over: CollectionOfOne(0))
                }
            } else {
                jobs.forEachInIndexOrder { job, gpus, runStart in
                    let current = runStart == nil ? nil : jobs.currentType(of: job)
                    add(job, gpus: gpus, current: current, runStart: runStart, over: 0..<types)
                }
            }
        } }
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

extension HeterogeneityAwareRoundScheduler: IncrementalSequencing {
    func makeSession(jobs: JobTable) -> any SequencingSession { RoundSession(policy: self, jobs: jobs) }
}
