import OrreryKernel

/// Runs a trace of rigid jobs on a cluster under a scheduling policy.
///
/// Jobs arrive at their submit times and wait in arrival order; whenever jobs arrive or
/// finish, the policy decides which waiting jobs start. A job that could never fit (more
/// GPUs of its type than the cluster holds) is rejected on arrival instead of blocking
/// the queue forever.
///
/// Under a ``PreemptivePolicy`` a running job may be stopped: its GPUs are released, it
/// keeps the progress it made (jobs checkpoint) and goes back to the queue in its arrival
/// position; when it restarts it first pays the policy's restart cost on its GPUs.
public final class RigidJobsModel {
    @exclusivity(unchecked) public private(set) var cluster: ClusterState
    /// Per job, its spec and when it ended. Its state, first start and preemptions are in
    /// its ``RunFigures`` row, which starts and stops touch anyway: kept with the spec,
    /// they cost each start and stop two more cache misses (``records`` joins them).
    let specs: [JobSpec]
    @exclusivity(unchecked) private var ends: [SimTime?]
    /// Per job: where its current run is, or its last one was (kept after the run ends,
    /// for its outcome; ``Placement/nowhere`` before it first runs); the job runs while
    /// its state is `running`.
    private let placements: JobColumn<Placement>

    /// Every job's outcome so far, with the placement of its last run.
    public var outcomes: [JobOutcome] {
        var outcomes = records
        for index in outcomes.indices where !placements[index].shares.isEmpty {
            outcomes[index].placement = placements[index].summary(in: cluster)
        }
        return outcomes
    }

    /// Every job's outcome so far, without placements: the placement of a run is named
    /// only when the job ends or someone asks (``outcomes``), since a round-based policy
    /// starts millions of runs and naming each one's GPUs was a tenth of its cost.
    var records: [JobOutcome] { specs.indices.map(record(of:)) }

    /// Job `index`'s outcome so far, without its placement.
    private func record(of index: Int) -> JobOutcome {
        let run = runs[index]
        var record = JobOutcome(spec: specs[index], state: run.state, start: run.firstStart, end: ends[index], placement: "")
        record.preemptions = run.preemptions
        return record
    }
    private let policy: any SchedulingPolicy
    private let preemptive: (any PreemptivePolicy)?
    /// The policy, if it runs elastic jobs at other sizes than `gpus` (``ResizingPolicy``).
    private let resizing: (any ResizingPolicy)?
    /// Whether the policy may preempt (preemption metrics are reported only then).
    public let isPreemptive: Bool
    /// What the model reads of a preemptive policy at every pass, read once: each read
    /// through the optional existential copied the policy.
    private let restartCost: SimTime
    private let reviewsWhileRunning: Bool
    /// Per job, the figures of its runs (``RunFigures``), one row per job.
    private let runs: JobColumn<RunFigures>
    /// Preemption totals: preemptions, and GPU-seconds spent on restart overhead (GPUs
    /// held without progress: the work preemption costs).
    @exclusivity(unchecked) public private(set) var preemptionCount = 0
    @exclusivity(unchecked) public private(set) var lostGPUSeconds: Double = 0
    /// Not owned (the simulation keeps this model, ``runEnds``, not the reverse) and used
    /// without reference counting: several uses per start and stop.
    private let simulation: SimulationReference
    /// The policy's incremental session (``SequencingSession``), or nil when the model
    /// runs the policy's definition on the queue below on every pass (with quotas, or
    /// when asked to).
    private let session: (any SequencingSession)?
    /// Without a session: waiting jobs in arrival order, `queue[queueHead...]`. Started
    /// jobs at the front (FIFO's usual case) are dropped by advancing the head, so a long
    /// queue costs nothing per pass; the storage is compacted when the dead prefix
    /// dominates.
    @exclusivity(unchecked) private var queue: [PendingJob] = []
    @exclusivity(unchecked) private var queueHead = 0
    /// Jobs preempted in the current pass, to requeue together, and the storage the
    /// queue had before the last requeue (reused for the next merge).
    @exclusivity(unchecked) private var requeued: [PendingJob] = []
    @exclusivity(unchecked) private var mergeBuffer: [PendingJob] = []
    /// Jobs holding GPUs (in state `running`).
    @exclusivity(unchecked) private var runningCount = 0
    /// Without a session: jobs holding GPUs, by expected end (ties: index), for policies
    /// that plan ahead.
    @exclusivity(unchecked) private var running: [RunningJob] = []
    /// Per job: a scratch mark, all false between uses (jobs leaving the queue or the
    /// running list together: a pass's victims are marked while they stop).
    @exclusivity(unchecked) private var isMarked: [Bool]
    /// One scheduling pass per instant: arrivals and completions at the same time are
    /// all seen before any decision, so results do not depend on their event order.
    @exclusivity(unchecked) private var passScheduled = false
    /// A preemptive policy's next review (``PreemptivePolicy/nextReview(context:)``).
    @exclusivity(unchecked) private var review: (time: SimTime, handle: EventHandle)?
    /// Allocated GPU-nanoseconds so far (shares count as their fraction), for the
    /// time-weighted allocation metric.
    @exclusivity(unchecked) private var allocatedGPUTime: Double = 0
    @exclusivity(unchecked) private var lastAllocationChange: SimTime = .zero
    @exclusivity(unchecked) private var lastPublishedAllocation = 0
    /// Tenant usage for policies that ask for it (``SchedulingPolicy/tenantUsageHalfLife``).
    @exclusivity(unchecked) private var usage: TenantUsageLedger?
    /// For policies that estimate durations (``SchedulingPolicy/durationPredictor``):
    /// the predictor, fed with every finished job (each job's estimate made at its
    /// submission is ``RunFigures/estimate``).
    @exclusivity(unchecked) private var predictor: RecentRunTimePredictor?

    /// Per-job metrics (JCT, queueing, slowdown, ρ) count only jobs submitted at least
    /// `warmUp` after the first submission and `coolDown` before the last, as papers
    /// measure a steady state; nil counts every job.
    public var measurementWindow: (warmUp: SimTime, coolDown: SimTime)?

    /// How long a started job runs (``RunTimeModel``): the trace's duration unless set
    /// before the run starts.
    @exclusivity(unchecked) public var runTimeModel: any RunTimeModel = TraceRunTime()

    /// The validate stage: hierarchical quotas, if any (``QuotaTree``).
    @exclusivity(unchecked) private var quotas: QuotaLedger?

    /// Fragmentation with respect to the run's workload, when tracked: by default when a
    /// job shares a GPU (``trackFragmentation(workload:)`` turns it on for any run).
    @exclusivity(unchecked) private var fragmentation: FragmentationTracker?
    /// Whether ``fragmentation`` is set, read per start and stop (testing the optional
    /// tracker itself copied it).
    @exclusivity(unchecked) private var tracksFragmentation = false
    /// ``followsEveryChange`` as last read, and the bus's subscription count then.
    @exclusivity(unchecked) private var changeSubscribers = (seenAt: -1, any: false)
    /// Nodes whose allocation changed since the last pass, for the tracker.
    @exclusivity(unchecked) private var changedNodes: [Int] = []
    /// This model as its simulation keeps it, for the events that end runs: scheduled at
    /// a start (or later, ``deferredEnds``) and cancelled at a preemption, by number they
    /// count no references (``Simulation/register(_:)``). Set at the end of `init`, when
    /// the model exists.
    @exclusivity(unchecked) private var runEnds: RegisteredHandler?
    /// Runs that end after the pending review, whose end events wait for its pass; nil
    /// schedules every end at its start (tests compare both).
    private let deferredEnds: DeferredRunEnds?

    /// - Parameter quotas: limits jobs must stay within to start; a job larger than a
    ///   limit on its path is rejected on arrival.
    public convenience init(
        simulation: Simulation, cluster: ClusterState, jobs: [JobSpec], policy: any SchedulingPolicy, quotas: QuotaTree? = nil
    ) {
        self.init(simulation: simulation, cluster: cluster, jobs: jobs, policy: policy, quotas: quotas, incremental: true)
    }

    /// - Parameters:
    ///   - incremental: use the policy's incremental session when it has one and no
    ///     quotas are set; false runs its definition on every pass (tests compare both).
    ///   - defersRunEnds: schedule a run's end event only once no review comes before it
    ///     (``DeferredRunEnds``); false schedules it at the start.
    init(
        simulation: Simulation, cluster: ClusterState, jobs: [JobSpec], policy: any SchedulingPolicy, quotas: QuotaTree?,
        incremental: Bool, defersRunEnds: Bool = true
    ) {
        self.quotas = quotas.map { QuotaLedger(tree: $0, jobs: jobs) }
        self.simulation = SimulationReference(simulation)
        self.cluster = cluster
        let policy = policy.prepared(for: jobs)
        self.policy = policy
        let preemptive = policy as? any PreemptivePolicy
        self.preemptive = preemptive
        isPreemptive = preemptive != nil
        restartCost = preemptive?.preemption.restartCost ?? .zero
        reviewsWhileRunning = preemptive?.reviewsWhileRunning ?? false
        resizing = policy as? any ResizingPolicy
        usage = policy.tenantUsageHalfLife.map { TenantUsageLedger(halfLife: $0, jobs: jobs) }
        predictor = policy.durationPredictor
        runs = JobColumn(jobs.map(RunFigures.init(job:)))
        let sessionPolicy = incremental && quotas == nil ? policy as? any IncrementalSequencing : nil
        let placements = JobColumn(repeating: Placement.nowhere, count: jobs.count)
        self.placements = placements
        session = sessionPolicy?.makeSession(jobs: JobTable(jobs, placements: placements))
        specs = jobs
        ends = Array(repeating: nil, count: jobs.count)
        isMarked = Array(repeating: false, count: jobs.count)
        deferredEnds = defersRunEnds ? DeferredRunEnds(jobCount: jobs.count) : nil
        if jobs.contains(where: { $0.gpuMilli < ResourceRequest.wholeGPU }) {
            track(FragmentationTracker(workload: TargetWorkload(jobs: jobs), cluster: cluster))
        }
        for (index, job) in jobs.enumerated() {
            simulation.schedule(at: job.submit) { self.arrive(index) }
        }
        runEnds = simulation.register(self)
    }

    /// Tracks the cluster's fragmentation with respect to `workload` from now on: the
    /// `gpu.fragmented` series and metrics (call before the run starts).
    public func trackFragmentation(workload: TargetWorkload) {
        track(FragmentationTracker(workload: workload, cluster: cluster))
    }

    /// Sets the tracker and the flag the hot paths read, together.
    private func track(_ tracker: FragmentationTracker) {
        fragmentation = tracker
        tracksFragmentation = true
    }

    /// Fragmentation metrics (`gpu.fragmented.*`, `gpu.fragmentation.mean`) if tracked.
    func fragmentationMetrics(end: SimTime) -> [Metric] {
        fragmentation?.metrics(end: end) ?? []
    }

    private func arrive(_ index: Int) {
        let spec = specs[index]
        // Untyped jobs compare with the total; typed ones scan the nodes of their type.
        let capacity = spec.gpuType == nil ? cluster.totalGPUs : cluster.capacity(gpuType: spec.gpuType)
        // A job of one GPU (shared or not) cannot split its host demand: some node must be
        // able to hold all of it.
        let request = spec.request
        let oneNodeNeverFits = spec.gpus == 1 && (request.isFractional || request.hasHostDemand) && !cluster.canEverHoldOnOneNode(request)
        // A resizing policy may start an elastic job at its smallest size.
        let smallest = resizing != nil ? spec.sizeRange.lowerBound : spec.gpus
        if smallest > capacity || oneNodeNeverFits || !(quotas?.canEverStart(index, gpus: spec.gpus) ?? true) {
            runs[index].state = .rejected
            publishChange(of: index)
            return
        }
        if let predictor { runs[index].estimate = predictor.estimate(for: spec) }
        if let session {
            session.enqueue(index, progress: .zero, estimate: runs[index].estimate)
        } else {
            queue.append(PendingJob(index: index, spec: seen(index)))
        }
        requestPass()
    }

    private func finish(_ index: Int) {
        let now = simulation.now
        guard stopRun(index, released: false, now: now) != nil else { return }
        runs[index].state = .finished
        ends[index] = now
        predictor?.record(specs[index], runTime: specs[index].duration)
        publishChange(of: index)
        requestPass()
    }

    /// Ends job `index`'s current run at `now`, the simulation's time (read once by the
    /// caller: each read of the clock is a call): releases its GPUs (unless `released`: a
    /// session did) and charges its GPU-time. The job is `queued` until the caller says
    /// otherwise. Returns the run's start, or nil if the job was not running. Inlined in
    /// its two callers: a round-based run stops two million runs.
    @inline(__always)
    private func stopRun(_ index: Int, released: Bool, now: SimTime) -> SimTime? {
        // The job's row, read and written in place (``JobColumn/address(of:)``).
        let run = runs.address(of: index)
        guard run.pointee.state == .running else { return nil }
        #if ORRERY_INTERNAL_CHECKS
        precondition(
            (run.pointee.finishEvent != nil) != (deferredEnds?.isDeferred(index) ?? false),
            "job \(specs[index].id) runs with no end event scheduled or deferred, or with both")
        #endif
        // A pass's victims stop after the pass charged the allocation: tested here, the
        // call is saved for each of them.
        if now != lastAllocationChange { accumulateAllocation() }
        // A session released the placement: only the fragmentation tracker reads it then.
        if !released { cluster.release(placements[index]) }
        if tracksFragmentation { changedNodes += placements[index].shares.map(\.node) }
        run.pointee.state = .queued
        runningCount -= 1
        if run.pointee.finishEvent == nil { deferredEnds?.forget(index) }
        run.pointee.finishEvent = nil
        // The GPUs this run holds: `gpus`, unless a resizing policy sized an elastic job.
        let gpus = run.pointee.runGPUs
        quotas?.charge(index, gpus: gpus, sign: -1)
        if session != nil {
            session?.stopped(index, at: now)
        } else if !isMarked[index], let position = running.firstIndex(where: { $0.index == index }) {
            // Near the front when it ends on time (it ends first); a pass's victims
            // (marked) leave together after they stop.
            running.remove(at: position)
        }
        let runStart = run.pointee.runStart
        run.pointee.heldBefore = run.pointee.heldBefore + (now - runStart)
        if gpus != run.pointee.gpus {
            run.pointee.resizedGPUTime += Double(gpus - run.pointee.gpus) * (now - runStart).seconds
        }
        lostGPUSeconds += Double(gpus) * Swift.min(run.pointee.restartDelay, now - runStart).seconds
        usage?.change(job: index, gpus: -gpus, at: now)
        return runStart
    }

    /// Stops a running job and queues it again in its arrival position, keeping its
    /// progress. `released`: its GPUs were already released (by a session).
    /// `reported`: whether anyone follows every change (``followsEveryChange``, read once
    /// per pass by the caller, as is `now`). Inlined in the two passes that call it: a
    /// round-based run preempts two million runs.
    @inline(__always)
    private func preempt(_ index: Int, released: Bool, reported: Bool, now: SimTime) {
        let run = runs.address(of: index)
        let handle = run.pointee.finishEvent
        guard let runStart = stopRun(index, released: released, now: now) else { return }
        if let handle { _ = simulation.cancel(handle) }
        let made = RunningJob.progress(
            at: now, runStart: runStart, restartDelay: run.pointee.restartDelay, progressAtStart: run.pointee.progress,
            pace: run.pointee.pace)
        run.pointee.progress = made
        preemptionCount += 1
        run.pointee.preemptions += 1
        if reported { publishChange(of: index) }
        if session != nil {
            session?.enqueue(index, progress: made, estimate: run.pointee.estimate)
        } else {
            requeued.append(PendingJob(index: index, spec: seen(index), progress: made))
        }
    }

    /// Where job `index` runs now, nil if it does not run.
    private func currentPlacement(of index: Int) -> Placement? {
        runs[index].state == .running ? placements[index] : nil
    }

    /// Tells observers that follow every start and stop (``JobChanged``), if any, and
    /// when the job has ended, those that record outcomes (``JobEnded``).
    private func publishChange(of index: Int) {
        let ended = runs[index].state == .finished || runs[index].state == .rejected
        guard ended || followsEveryChange else { return }
        var outcome = record(of: index)
        if !placements[index].shares.isEmpty { outcome.placement = placements[index].summary(in: cluster) }
        simulation.publish(JobChanged(outcome: outcome))
        if ended { simulation.publish(JobEnded(outcome: outcome)) }
    }

    /// Whether anyone subscribes to ``JobChanged``, read again only when the bus's
    /// subscriptions change (a lookup per start and stop was a tenth of their cost).
    private var followsEveryChange: Bool {
        if simulation.subscriptionCount != changeSubscribers.seenAt {
            changeSubscribers = (simulation.subscriptionCount, simulation.simulation.bus.hasSubscribers(JobChanged.self))
        }
        return changeSubscribers.any
    }

    /// Job `index` as the policy sees it: its duration is the estimate when the policy
    /// estimates durations.
    private func seen(_ index: Int) -> JobSpec {
        var spec = specs[index]
        spec.duration = runs[index].estimate
        return spec
    }

    /// Puts the jobs preempted in this pass (``requeued``) back into the queue at their
    /// arrival positions (submit time, then job index: the order arrivals were queued in),
    /// in one merge: a round-based policy may stop dozens of jobs a pass.
    private func requeueVictims() {
        guard !requeued.isEmpty else { return }
        func arrivesBefore(_ a: PendingJob, _ b: PendingJob) -> Bool {
            a.spec.submit != b.spec.submit ? a.spec.submit < b.spec.submit : a.index < b.index
        }
        requeued.sort(by: arrivesBefore)
        var merged = mergeBuffer
        mergeBuffer = []
        merged.removeAll(keepingCapacity: true)
        merged.reserveCapacity(queue.count - queueHead + requeued.count)
        var next = queueHead
        for job in requeued {
            while next < queue.count && arrivesBefore(queue[next], job) {
                merged.append(queue[next])
                next += 1
            }
            merged.append(job)
        }
        merged += queue[next...]
        mergeBuffer = queue
        queue = merged
        queueHead = 0
        requeued.removeAll(keepingCapacity: true)
    }

    private func requestPass() {
        guard !passScheduled else { return }
        passScheduled = true
        simulation.schedule(at: simulation.now) { self.schedulingPass() }
    }

    private func schedulingPass() {
        passScheduled = false
        var decisions: [StartDecision]
        if let session {
            // The session applies its plan to the cluster itself (no copy per pass), so
            // the allocation up to now is charged at the count it had before.
            let allocatedBefore = cluster.allocatedMilliGPUs
            var plan = session.pass(cluster: &cluster, now: simulation.now, usage: usage)
            if !plan.start.isEmpty || !plan.preempt.isEmpty { accumulateAllocation(allocatedMilli: allocatedBefore) }
            let reported = followsEveryChange
            let now = simulation.now
            for victim in plan.preempt { preempt(victim, released: true, reported: reported, now: now) }
            decisions = []
            swap(&decisions, &plan.start)
            if !plan.preempt.isEmpty { requestPass() }
        } else {
            decisions = decideByDefinition()
        }
        start(&decisions)
        if isPreemptive {
            scheduleReview()
            scheduleEnds(upTo: review.map { $0.time > simulation.now ? $0.time : .max } ?? .max)
        }
        publishClusterChanges()
    }

    /// Without a session: the policy's definition on the whole queue (quota-filtered),
    /// victims stopped, and the cluster changed as the plan changed its view; returns
    /// the starts.
    private func decideByDefinition() -> [StartDecision] {
        guard let preemptive else {
            let decisions = admitted(ask { policy.decide(queue: $0, cluster: cluster, context: $1) })
            removeFromQueue(decisions.map(\.job))
            if !decisions.isEmpty { accumulateAllocation() }
            for decision in decisions { cluster.allocate(decision.placement) }
            return decisions
        }
        let plan = ask { preemptive.plan(queue: $0, cluster: cluster, context: $1) }
        // Victims stop first, so their quota is free for the starts; their GPUs are
        // released below, in the plan's order.
        let held = plan.preempt.map { currentPlacement(of: $0) }
        // The victims leave the running list together, in one pass over it.
        for victim in plan.preempt { isMarked[victim] = true }
        let reported = followsEveryChange
        let now = simulation.now
        for victim in plan.preempt { preempt(victim, released: true, reported: reported, now: now) }
        if !plan.preempt.isEmpty { Self.removeMarked(&running, from: 0, marked: isMarked) }
        for victim in plan.preempt { isMarked[victim] = false }
        requeueVictims()
        let decisions = admitted(plan.start)
        removeFromQueue(decisions.map(\.job))
        // Victims may fit elsewhere now, or outrank jobs started in this pass.
        if !plan.preempt.isEmpty { requestPass() }
        if !decisions.isEmpty { accumulateAllocation() }
        apply(plan, victims: held, starting: Set(decisions.map(\.job)))
        return decisions
    }

    /// Calls the policy with the waiting jobs (validated: with quotas, only the jobs their
    /// accounts admit now) and the context. The views of the queue and the running list
    /// end with the call, so applying its answer changes both in place instead of copying
    /// them.
    private func ask<Answer>(_ policy: (ArraySlice<PendingJob>, SchedulingContext) -> Answer) -> Answer {
        var context = SchedulingContext(now: simulation.now, running: running)
        if let usage { context.tenantUsage = usage.byName(at: simulation.now) }
        let waiting = quotas.map { ledger in
            ArraySlice(queue[queueHead...].filter { ledger.admits($0.index, gpus: $0.spec.gpus) })
        } ?? queue[queueHead...]
        return policy(waiting, context)
    }

    /// Releases the victims' placements (`victims`, in the order of `plan.preempt`) and
    /// allocates the starts in `starting` in the order the plan made them
    /// (``SchedulingPlan/victimsBefore``), so that the cluster goes through the same
    /// states as the plan's view and as a session's in-place pass.
    private func apply(_ plan: SchedulingPlan, victims: [Placement?], starting: Set<Int>) {
        var released = 0
        func release(upTo end: Int) {
            while released < end {
                if let placement = victims[released] { cluster.release(placement) }
                released += 1
            }
        }
        for (position, start) in plan.start.enumerated() {
            release(upTo: position < plan.victimsBefore.count ? plan.victimsBefore[position] : victims.count)
            if starting.contains(start.job) { cluster.allocate(start.placement) }
        }
        release(upTo: victims.count)
    }

    /// Records starts chosen by the policy (already allocated on the cluster), in order.
    /// Reads the job's fields where they are: a copy of its record per start retained
    /// and released each of its names (a round-based policy starts millions of runs).
    /// Each start's placement moves into the model's column, and the job's last one
    /// into `decisions`, freed with the list: a copy retained and released the
    /// placement's storage of further nodes, even when it had none.
    private func start(_ decisions: inout [StartDecision]) {
        let traceDurations = runTimeModel.answersTraceDurations
        // The starts are already allocated: one copy of the cluster for the whole batch
        // (reading the property per start copies it for every call that takes it), and
        // none when the run-time model answers trace durations (a copy retains and
        // releases every array of the cluster: a hundredth of a round-based run).
        let cluster = traceDurations ? nil : Optional(self.cluster)
        let now = simulation.now
        let reported = followsEveryChange
        guard let runEnds else { preconditionFailure("a model starts runs only once initialised") }
        for position in decisions.indices {
            let index = decisions[position].job
            let placement = placements.address(of: index)
            swap(&placement.pointee, &decisions[position].placement)
            if tracksFragmentation { changedNodes += placement.pointee.shares.map(\.node) }
            runningCount += 1
            let row = runs.address(of: index)
            row.pointee.state = .running
            if row.pointee.firstStart == nil { row.pointee.firstStart = now }
            if reported { publishChange(of: index) }
            let (duration, gpus) = (row.pointee.duration, row.pointee.gpus)
            let delay = row.pointee.preemptions > 0 ? restartCost : .zero
            // The run-time model's answer for the whole job on this placement sets the
            // pace; the remaining work takes its share of that.
            let full = cluster.map { runTimeModel.runTime(of: specs[index], on: placement.pointee, in: $0) } ?? duration
            var pace = full == duration ? 1 : duration.seconds / full.seconds
            // An elastic job on another size than it asked for runs at its scaling curve's
            // relative speed (its trace duration is its run time at `gpus`).
            let size = placement.pointee.gpuCount
            #if ORRERY_INTERNAL_CHECKS
            let allowed = resizing != nil ? specs[index].sizeRange : gpus...gpus
            precondition(allowed.contains(size), "job \(specs[index].id) started on \(size) GPUs, outside \(allowed)")
            #endif
            if size != gpus, let resizing {
                pace *= resizing.scaling(of: specs[index]).relativeSpeed(of: size, reference: gpus)
            }
            let runTime = delay + RunningJob.wallTime(of: duration - row.pointee.progress, pace: pace)
            // The end the policy expects: the real one, or from the estimate at this pace.
            let expectedRun = predictor == nil
                ? runTime
                : delay + RunningJob.wallTime(of: Swift.max(.zero, row.pointee.estimate - row.pointee.progress), pace: pace)
            row.pointee.begin(at: now, restartDelay: delay, pace: pace, gpus: size)
            usage?.change(job: index, gpus: size, at: now)
            if session != nil {
                // Called through the optional property: bound by `if let`, the session was
                // retained and released around each call (per start and stop).
                session?.started(
                    StartedRun(
                        index: index, gpus: size, runStart: now, expectedEnd: now + expectedRun, priority: row.pointee.priority,
                        progressAtStart: row.pointee.progress, restartDelay: delay, pace: pace))
            } else {
                var entry = RunningJob(index: index, gpus: size, gpuType: specs[index].gpuType, expectedEnd: now + expectedRun)
                entry.pace = pace
                if isPreemptive {
                    entry.priority = row.pointee.priority
                    entry.duration = row.pointee.estimate
                    entry.placement = placement.pointee
                    entry.progressAtStart = row.pointee.progress
                    entry.restartDelay = delay
                }
                entry.runStart = now
                entry.tenant = specs[index].tenant
                RunningJob.insert(entry, into: &running)
            }
            if deferredEnds?.deferEnd(of: index, at: now + runTime, order: simulation.reserveOrder) != true {
                row.pointee.finishEvent = simulation.schedule(at: now + runTime, registered: runEnds, tag: index)
            }
        }
    }

    /// Schedules the end events of the deferred runs that end by `horizon`, the pending
    /// review's time (`.max` if none): its pass comes before any later end.
    private func scheduleEnds(upTo horizon: SimTime) {
        guard let runEnds, let deferredEnds else { return }
        deferredEnds.advance(to: horizon) { index, end, order in
            runs[index].finishEvent = simulation.schedule(at: end, registered: runEnds, tag: index, in: order)
        }
    }

    /// Brings the fragmentation tracker up to date with the nodes changed since the last
    /// pass, and publishes the fragmentation and allocation if they moved.
    private func publishClusterChanges() {
        if var tracker = fragmentation, !changedNodes.isEmpty {
            let moved = tracker.refresh(changedNodes, cluster: cluster, now: simulation.now)
            fragmentation = tracker
            changedNodes.removeAll(keepingCapacity: true)
            if moved {
                let whole = Double(ResourceRequest.wholeGPU)
                simulation.publish(
                    FragmentationChanged(
                        fragmentedGPUs: tracker.total / whole,
                        freeGPUs: Double(cluster.totalGPUs * ResourceRequest.wholeGPU - cluster.allocatedMilliGPUs) / whole))
            }
        }
        if cluster.allocatedMilliGPUs != lastPublishedAllocation {
            lastPublishedAllocation = cluster.allocatedMilliGPUs
            simulation.publish(
                GPUAllocationChanged(
                    allocatedGPUs: cluster.usedGPUs, totalGPUs: cluster.totalGPUs, allocatedMilliGPUs: cluster.allocatedMilliGPUs))
        }
    }

    /// The starts that stay within quotas when taken in order (each admitted start
    /// counts for the next), charged to their accounts. Every start is admitted alone
    /// (the queue was filtered); only starts that together exceed a limit are dropped,
    /// to wait for the next pass.
    private func admitted(_ starts: [StartDecision]) -> [StartDecision] {
        guard var ledger = quotas else { return starts }
        var kept: [StartDecision] = []
        for start in starts {
            let gpus = start.placement.gpuCount
            guard ledger.admits(start.job, gpus: gpus) else { continue }
            ledger.charge(start.job, gpus: gpus, sign: 1)
            kept.append(start)
        }
        quotas = ledger
        return kept
    }

    /// Makes sure a pass runs at the policy's next review while jobs wait.
    private func scheduleReview() {
        let next: SimTime?
        let whileRunning = reviewsWhileRunning && runningCount > 0
        if let session {
            guard session.waitingCount > 0 || whileRunning else { return }
            next = session.nextReview(now: simulation.now)
        } else {
            guard queueHead < queue.count || whileRunning, let preemptive else { return }
            next = preemptive.nextReview(context: SchedulingContext(now: simulation.now, running: running))
        }
        guard let time = next else { return }
        if let pending = review, pending.time > simulation.now, pending.time <= time { return }
        if let pending = review { _ = simulation.cancel(pending.handle) }
        review = (time, simulation.schedule(at: time) { self.review = nil; self.requestPass() })
    }

    private func removeFromQueue(_ started: [Int]) {
        guard !started.isEmpty else { return }
        let isPrefix = started.count <= queue.count - queueHead
            && zip(started, queue[queueHead...]).allSatisfy { $0 == $1.index }
        if isPrefix {
            queueHead += started.count
        } else {
            for job in started { isMarked[job] = true }
            Self.removeMarked(&queue, from: queueHead, marked: isMarked)
            queueHead = 0
            for job in started { isMarked[job] = false }
        }
        if queueHead > 1024 && queueHead * 2 > queue.count {
            queue.removeSubrange(..<queueHead)
            queueHead = 0
        }
    }

    /// Keeps the entries of `list[start...]` whose job is not marked, in order, and drops
    /// the rest and `list[..<start]`: compacted by swaps, so no entry (a job record with
    /// its names) is copied.
    private static func removeMarked<Entry: JobIndexed>(_ list: inout [Entry], from start: Int, marked: [Bool]) {
        var kept = 0
        // Through the buffer: reading an entry's index through the array copied the entry.
        list.withUnsafeMutableBufferPointer { entries in
            for position in start..<entries.count where !marked[entries[position].index] {
                if kept != position { entries.swapAt(kept, position) }
                kept += 1
            }
        }
        list.removeLast(list.count - kept)
    }

    /// Charges the allocated GPU-time since the last change, at `allocatedMilli` milli-GPUs
    /// (default: the cluster's now), once per instant at which the allocation changes.
    private func accumulateAllocation(allocatedMilli: Int? = nil) {
        // Later changes at the same instant add nothing.
        guard simulation.now != lastAllocationChange else { return }
        let held = allocatedMilli.map { Double($0) / Double(ResourceRequest.wholeGPU) } ?? heldGPUs
        allocatedGPUTime += held * Double((simulation.now - lastAllocationChange).nanoseconds)
        lastAllocationChange = simulation.now
    }

    /// GPU-time job `index` has held up to `end` (no earlier than its last start), over
    /// all its runs.
    public func heldTime(of index: Int, until end: SimTime) -> SimTime {
        runs[index].heldBefore + (runs[index].state == .running ? Swift.max(.zero, end - runs[index].runStart) : .zero)
    }

    /// GPU-seconds job `index` held beyond its `gpus` × ``heldTime(of:until:)`` up to `end`
    /// (negative if it ran smaller): nonzero only for elastic jobs a policy resized.
    public func resizedGPUSeconds(of index: Int, until end: SimTime) -> Double {
        guard let placement = currentPlacement(of: index), placement.gpuCount != runs[index].gpus else {
            return runs[index].resizedGPUTime
        }
        let now = Swift.max(.zero, end - runs[index].runStart).seconds
        return runs[index].resizedGPUTime + Double(placement.gpuCount - runs[index].gpus) * now
    }

    /// GPU-seconds allocated from time zero to `end` (no earlier than the last change).
    public func allocatedGPUSeconds(until end: SimTime) -> Double {
        (allocatedGPUTime + heldGPUs * Double(Swift.max(.zero, end - lastAllocationChange).nanoseconds)) / 1e9
    }

    /// GPU capacity held now, in GPUs (a share counts as its fraction; whole GPUs exactly).
    private var heldGPUs: Double { Double(cluster.allocatedMilliGPUs) / Double(ResourceRequest.wholeGPU) }
}

/// Per job: the figures of its runs that starts and stops read and write, in one row of
/// plain values, so a start or stop touches one job's row instead of a cache line in
/// each of eight per-job arrays (a round-based run starts and stops millions of runs at
/// random jobs: docs/performance.md, "Quiet rounds").
struct RunFigures {
    /// The job's state (``JobOutcome/state``), when it first started and how often it was
    /// preempted.
    var state = JobState.queued
    var firstStart: SimTime?
    var preemptions = 0
    /// The pending event that ends the current run (cancelled on preemption); nil while
    /// the run's end is deferred (``DeferredRunEnds``).
    var finishEvent: EventHandle?
    /// Run time completed before the current run.
    var progress: SimTime = .zero
    /// When the current (or the last) run started.
    var runStart: SimTime = .zero
    /// GPU-time held in earlier runs (for tenant GPU-hours).
    var heldBefore: SimTime = .zero
    /// GPU-time held in earlier runs beyond (or, negative, short of) `gpus`, as (GPUs run
    /// on − `gpus`) × run time: elastic jobs' resizes, for tenant GPU-hours.
    var resizedGPUTime: Double = 0
    /// The restart overhead the current run pays first, and the pace at which it runs
    /// (``RunningJob/pace``).
    var restartDelay: SimTime = .zero
    var pace: Double = 1
    /// The job's duration as the policy sees it: the trace's, or the estimate made at its
    /// submission (``SchedulingPolicy/durationPredictor``).
    var estimate: SimTime
    /// The GPUs the current (or the last) run holds: `gpus`, unless a resizing policy
    /// sized an elastic job.
    var runGPUs = 0
    /// The job's trace duration, GPU count and priority class, as in its spec.
    let duration: SimTime
    let gpus: Int
    let priority: Int

    /// Before the job's first run; its estimate is its duration until a predictor makes one.
    init(job: JobSpec) {
        estimate = job.duration
        duration = job.duration
        gpus = job.gpus
        priority = job.priority
    }

    /// A run on `gpus` GPUs starts now.
    mutating func begin(at now: SimTime, restartDelay: SimTime, pace: Double, gpus: Int) {
        runStart = now
        self.restartDelay = restartDelay
        self.pace = pace
        runGPUs = gpus
    }
}

/// A run's end arrives as a tagged event for the registered model (the tag is the job's
/// index): no closure is allocated per start, nor freed when a preemption cancels it.
extension RigidJobsModel: EventHandler {
    public func handleEvent(tag: Int, at time: SimTime) { finish(tag) }
}
