import OrreryKernel

/// One pass of ``ElasticScheduler``: the plan so far and the cluster as it would be
/// after it (stops released, starts allocated, in the plan's order).
struct ElasticPass {
    let policy: ElasticScheduler
    let now: SimTime
    var view: ClusterState
    var plan = SchedulingPlan()
    /// The running jobs as the pass found them, and the positions among them of the
    /// elastic ones holding GPUs (rigid ones are never resized). Read in place: copying a
    /// run copies its placement and names, and a pass looks at every run.
    let runs: [RunningJob]
    var running: [Int] = []
    /// Jobs resized in this pass (not resized again).
    var resized: Set<Int> = []
    /// Jobs started in this pass, in order.
    var started: [Int] = []

    init(policy: ElasticScheduler, cluster: ClusterState, context: SchedulingContext) {
        self.policy = policy
        now = context.now
        view = cluster
        runs = context.running
        running = Self.elasticRuns(runs, policy: policy)
    }

    /// Positions in `runs` of the runs holding GPUs whose job `policy` may resize. Tests
    /// a trivial field of the placement: testing the optional placement itself copied it
    /// (a pass per arrival and completion, over every run).
    private static func elasticRuns(_ runs: [RunningJob], policy: ElasticScheduler) -> [Int] {
        runs.indices.filter { runs[$0].placement?.gpuCount != nil && policy.isElastic(runs[$0].index) }
    }

    /// Job `job`'s sizes (``ElasticScheduler/sizes``; 0...0 for a job the policy was not
    /// prepared with, which is then never resized).
    func sizes(of job: Int) -> ClosedRange<Int> { policy.sizes.indices.contains(job) ? policy.sizes[job] : 0...0 }

    func spec(of job: Int) -> JobSpec? { policy.jobs.indices.contains(job) ? policy.jobs[job] : nil }

    /// The GPU type job `job` asks for (nil: any), read in place.
    func gpuType(of job: Int) -> String? { policy.jobs.indices.contains(job) ? policy.jobs[job].gpuType : nil }

    /// Places `job` at the largest size of `sizes` that fits on `cluster` (whole GPUs:
    /// at most its type's free GPUs are tried; a rigid job is tried at its size).
    func largestFit(_ spec: JobSpec, sizes: ClosedRange<Int>, on cluster: ClusterState) -> Placement? {
        var request = spec.request
        guard sizes.lowerBound != sizes.upperBound else {
            request.gpus = sizes.lowerBound
            return policy.placement.place(request, in: cluster)
        }
        let top = Swift.min(sizes.upperBound, cluster.freeGPUs(ofType: spec.gpuType))
        guard top >= sizes.lowerBound else { return nil }
        for size in stride(from: top, through: sizes.lowerBound, by: -1) {
            request.gpus = size
            if let placed = policy.placement.place(request, in: cluster) { return placed }
        }
        return nil
    }

    /// Adds a start (or a resized restart) to the plan, after every stop so far.
    mutating func record(start job: Int, on placement: Placement) {
        plan.start.append(StartDecision(job: job, placement: placement))
        plan.victimsBefore.append(plan.preempt.count)
    }

    /// Starts waiting job `index` if it fits, shrinking running elastic jobs if needed;
    /// false (nothing changed) if it cannot start now.
    mutating func admit(_ index: Int, _ spec: JobSpec) -> Bool {
        let range = ElasticScheduler.sizes(of: spec)
        let wanted = range.lowerBound...Swift.max(range.lowerBound, Swift.min(spec.gpus, range.upperBound))
        if let placed = largestFit(spec, sizes: wanted, on: view) {
            view.allocate(placed)
            record(start: index, on: placed)
            started.append(index)
            return true
        }
        // Shrink: elastic runs above their minimum, past the minimum runtime, most
        // surplus first (ties: the newest run, then the later job).
        // Only GPUs of the type the waiting job may use help it.
        let wantedType = view.typeIndex(for: spec.gpuType)
        var candidates: [Shrinkable] = []
        var reachable = view.freeGPUs(ofType: spec.gpuType)
        for position in running {
            let index = runs[position].index
            let surplus = runs[position].gpus - sizes(of: index).lowerBound
            guard !resized.contains(index), surplus > 0, mayResize(since: runs[position].runStart), let current = runs[position].placement,
                current.shares.contains(where: { ClusterState.matches(type: view.nodes[$0.node].typeIndex, wantedType) })
            else { continue }
            candidates.append(Shrinkable(position: position, index: index, surplus: surplus, runStart: runs[position].runStart))
            // What shrinking it can free for the waiting job: its surplus, if it stays on
            // the waiting job's type (or any type will do); an untyped run that may be
            // re-placed on another type could free every GPU it holds there.
            let staysOnType = wantedType == nil || view.typeIndex(for: gpuType(of: index)) == wantedType
            reachable += staysOnType ? surplus : current.shares.reduce(0) {
                $0 + (view.nodes[$1.node].typeIndex == wantedType ? $1.gpus.count : 0)
            }
        }
        // Shrinking every candidate to its minimum would not free enough: nothing to try.
        guard reachable >= range.lowerBound else { return false }
        candidates.sort(by: Shrinkable.shrinksFirst)
        var trial = view
        var shrinks: [StartDecision] = []
        for candidate in candidates {
            let victim = runs[candidate.position]
            guard let current = victim.placement, let victimSpec = self.spec(of: victim.index) else { continue }
            let need = Swift.max(1, range.lowerBound - trial.freeGPUs(ofType: spec.gpuType))
            let newSize = Swift.max(sizes(of: victim.index).lowerBound, victim.gpus - need)
            var attempt = trial
            attempt.release(current)
            var request = victimSpec.request
            request.gpus = newSize
            guard let smaller = policy.placement.place(request, in: attempt) else { continue }
            attempt.allocate(smaller)
            trial = attempt
            shrinks.append(StartDecision(job: victim.index, placement: smaller))
            if let placed = largestFit(spec, sizes: wanted, on: trial) {
                trial.allocate(placed)
                view = trial
                for shrink in shrinks {
                    plan.preempt.append(shrink.job)
                    resized.insert(shrink.job)
                    record(start: shrink.job, on: shrink.placement)
                }
                record(start: index, on: placed)
                started.append(index)
                return true
            }
        }
        return false
    }

    /// A running job the pass may shrink, with what orders the shrinking: most GPUs above
    /// its minimum first, then the newest run, then the later job.
    struct Shrinkable {
        var position: Int
        var index: Int
        var surplus: Int
        var runStart: SimTime

        static func shrinksFirst(_ a: Shrinkable, _ b: Shrinkable) -> Bool {
            if a.surplus != b.surplus { return a.surplus > b.surplus }
            return a.runStart != b.runStart ? a.runStart > b.runStart : a.index > b.index
        }
    }

    /// Whether a run started at `runStart` has run the minimum runtime (a run passed
    /// whole was copied, for each run a pass looks at).
    func mayResize(since runStart: SimTime) -> Bool { now - runStart >= policy.preemption.minimumRuntime }

    /// Gives idle GPUs to elastic jobs below their maximum, in arrival order.
    mutating func growIntoIdle() {
        guard view.totalGPUs > view.allocatedGPUs else { return }
        // In arrival order, taken from a heap: the idle GPUs often run out after a few.
        var growing = MinHeap<GrowCandidate>()
        for job in started where policy.isElastic(job) {
            growing.push(GrowCandidate(submit: policy.submits[job], index: job, position: -1))
        }
        for position in running where runs[position].gpus < sizes(of: runs[position].index).upperBound {
            growing.push(GrowCandidate(submit: policy.submits[runs[position].index], index: runs[position].index, position: position))
        }
        while view.totalGPUs > view.allocatedGPUs, let entry = growing.popMin() {
            if entry.position < 0 { growStarted(entry.index) } else { growRunning(runs[entry.position]) }
        }
    }

    /// A job that may grow, in arrival order (submit time, then job index), with its
    /// position in ``runs`` (-1: started in this pass).
    struct GrowCandidate: Comparable {
        var submit: SimTime
        var index: Int
        var position: Int

        static func < (a: GrowCandidate, b: GrowCandidate) -> Bool {
            a.submit != b.submit ? a.submit < b.submit : a.index < b.index
        }
    }

    /// A job started in this pass: re-placed larger at no cost (its start moves to the
    /// end of the plan, after every stop so far).
    private mutating func growStarted(_ index: Int) {
        guard let position = plan.start.firstIndex(where: { $0.job == index }) else { return }
        let current = plan.start[position].placement
        guard let spec = self.spec(of: index), current.gpuCount < sizes(of: index).upperBound else { return }
        var attempt = view
        attempt.release(current)
        guard let larger = largestFit(spec, sizes: (current.gpuCount + 1)...sizes(of: index).upperBound, on: attempt) else { return }
        attempt.allocate(larger)
        view = attempt
        plan.start.remove(at: position)
        plan.victimsBefore.remove(at: position)
        record(start: index, on: larger)
    }

    /// A running job: stopped and restarted larger if that ends it sooner, restart cost
    /// included, at the scaling curve's speed for the new size.
    private mutating func growRunning(_ job: RunningJob) {
        let range = sizes(of: job.index)
        guard !resized.contains(job.index), job.gpus < range.upperBound, mayResize(since: job.runStart), let current = job.placement,
            let spec = self.spec(of: job.index)
        else { return }
        // The largest size it could reach; if even that does not pay, nothing is tried.
        let reachable = Swift.min(range.upperBound, job.gpus + view.freeGPUs(ofType: spec.gpuType))
        guard reachable > job.gpus, endsSooner(job, on: reachable) else { return }
        var attempt = view
        attempt.release(current)
        guard let larger = largestFit(spec, sizes: (job.gpus + 1)...reachable, on: attempt), endsSooner(job, on: larger.gpuCount)
        else { return }
        attempt.allocate(larger)
        view = attempt
        plan.preempt.append(job.index)
        resized.insert(job.index)
        record(start: job.index, on: larger)
    }

    /// Whether running `job`, restarted on `gpus` GPUs, ends before it would where it is:
    /// restart cost + remaining work at the new pace (the scaling curve's speed-up over its
    /// size now) against its expected end.
    private func endsSooner(_ job: RunningJob, on gpus: Int) -> Bool {
        let remaining = Swift.max(.zero, job.duration - job.progress(at: now)).seconds
        let scaling = policy.jobs.indices.contains(job.index) ? policy.scaling(of: policy.jobs[job.index]) : policy.scaling
        let speedUp = scaling.relativeSpeed(of: gpus, reference: job.gpus)
        return policy.preemption.restartCost.seconds + remaining / (job.pace * speedUp) < (job.expectedEnd - now).seconds
    }
}
