import OrreryKernel

/// Conservative backfilling (Mu'alem & Feitelson 2001, "Utilization, predictability,
/// workloads, and user runtime estimates in scheduling the IBM SP2 with backfilling")
/// for rigid gangs.
///
/// Every waiting job gets a reservation, in arrival order: the earliest time from which
/// enough GPUs stay free for its whole duration, given the running jobs' known ends and
/// the reservations of the jobs before it. A job whose reservation is now starts now, so
/// a job may overtake others only if it delays none of the earlier jobs' reservations
/// (EASY protects only the head's). Reservations are recomputed on every pass from the
/// current state, which compresses the schedule when jobs end early or are rejected.
///
/// Like ``EASYBackfillScheduler`` the plan counts GPUs, not particular nodes: a job whose
/// reservation is now but which placement cannot fit (fragmentation) is reserved at the
/// next time the plan changes instead. It plans on GPUs of the job's type when the job
/// names one, but a reservation of typed GPUs is not subtracted from untyped jobs' plan
/// (nor the reverse): on clusters mixing GPU types the guarantee holds per type only.
public struct ConservativeBackfillScheduler: SchedulingPolicy {
    public var placement: any PlacementPolicy

    public init(placement: any PlacementPolicy = ConsolidatingPlacement()) {
        self.placement = placement
    }

    /// Free GPUs over time: `free[i]` from `times[i]` until `times[i + 1]` (the last
    /// entry lasts forever).
    struct Profile: Equatable {
        var times: [SimTime]
        var free: [Int]

        /// The profile of GPUs of `gpuType` (any type when nil) from `now`, as `running`
        /// jobs end.
        init(now: SimTime, gpuType: String?, cluster: ClusterState, running: [RunningJob]) {
            let freeNow = gpuType == nil
                ? cluster.totalGPUs - cluster.allocatedGPUs
                : cluster.freeGPUs(ofType: gpuType)
            times = [now]
            free = [freeNow]
            for job in running.sorted(by: RunningJob.endsBefore)
            where gpuType == nil || EASYBackfillScheduler.competes(job.gpuType, with: gpuType, in: cluster) {
                let end = Swift.max(job.expectedEnd, now)
                if end == times[times.count - 1] {
                    free[free.count - 1] += job.gpus
                } else {
                    times.append(end)
                    free.append(free[free.count - 1] + job.gpus)
                }
            }
        }

        /// The earliest time, not before `earliest`, from which `gpus` GPUs stay free for
        /// `duration`; nil if none. One sweep over the segments: a run of segments with
        /// enough free GPUs is extended until it covers the duration, and restarts after
        /// any segment short of GPUs (the window can only begin at `earliest` or at a
        /// breakpoint, since free counts change only there).
        func earliestStart(gpus: Int, duration: SimTime, notBefore earliest: SimTime) -> SimTime? {
            var begin: SimTime?
            for segment in times.indices {
                let isLast = segment + 1 == times.count
                if !isLast && times[segment + 1] <= earliest { continue }
                guard free[segment] >= gpus else {
                    begin = nil
                    continue
                }
                let start = begin ?? Swift.max(times[segment], earliest)
                begin = start
                if isLast || times[segment + 1] - start >= duration { return start }
            }
            return nil
        }

        /// Moves the profile's start to `now` (not before its start), dropping the past.
        mutating func advance(to now: SimTime) {
            var first = 0
            while first + 1 < times.count && times[first + 1] <= now { first += 1 }
            if first > 0 {
                times.removeFirst(first)
                free.removeFirst(first)
            }
            if times[0] < now { times[0] = now }
        }

        /// Takes `gpus` GPUs from `start` to `start + duration`.
        mutating func reserve(gpus: Int, from start: SimTime, for duration: SimTime) {
            let first = split(at: start)
            let last = split(at: start + duration)
            for segment in first..<last { free[segment] -= gpus }
        }

        /// The index of the segment starting at `time`, adding a breakpoint if needed.
        private mutating func split(at time: SimTime) -> Int {
            var index = times.count
            while index > 0 && times[index - 1] > time { index -= 1 }
            // times[index - 1] <= time < times[index]
            if index > 0 && times[index - 1] == time { return index - 1 }
            precondition(index > 0, "reservation before the profile starts")
            times.insert(time, at: index)
            free.insert(free[index - 1], at: index)
            return index
        }
    }

    public func decide(queue: ArraySlice<PendingJob>, cluster: ClusterState, context: SchedulingContext)
        -> [StartDecision]
    {
        plan(queue: queue, cluster: cluster, context: context).decisions
    }

    /// One pass's decisions and the plan behind them, which the incremental session
    /// keeps for later passes when nothing unplanned happened.
    struct Outcome {
        var decisions: [StartDecision] = []
        /// Per profile (lower-cased GPU type, nil for untyped jobs).
        var profiles: [String?: Profile] = [:]
        /// Jobs reserved for later, with their start.
        var reservations: [(job: Int, start: SimTime)] = []
        /// Queue entries walked before the pass stopped (the rest are unplanned).
        var walked = 0
        /// Whether every walked job got its earliest start by count (no job was moved
        /// past a placement failure, none was left out).
        var isExact = true
    }

    func plan(queue: ArraySlice<PendingJob>, cluster: ClusterState, context: SchedulingContext) -> Outcome {
        var view = cluster
        var outcome = Outcome()
        for pending in queue {
            // Reservations only take GPUs away, so once no GPU of any type is free now
            // (over every profile planned so far and the cluster) no later job can
            // start now, and later reservations would change no decision.
            if view.allocatedGPUs == view.totalGPUs { break }
            outcome.walked += 1
            let spec = pending.spec
            // Typed and untyped jobs plan on separate profiles (see the type comment).
            let key = spec.gpuType?.lowercased()
            var profile = outcome.profiles[key]
                ?? Profile(now: context.now, gpuType: spec.gpuType, cluster: cluster, running: context.running)
            guard var start = profile.earliestStart(gpus: spec.gpus, duration: spec.duration, notBefore: context.now) else {
                outcome.isExact = false
                continue  // never fits the plan (cannot happen for accepted jobs); reserves nothing
            }
            if start == context.now {
                if let chosen = placement.place(spec.request, in: view) {
                    view.allocate(chosen)
                    outcome.decisions.append(StartDecision(job: pending.index, placement: chosen))
                } else {
                    // Enough GPUs by count, but not placeable now: plan it at the next change.
                    outcome.isExact = false
                    let next = profile.times.first { $0 > context.now } ?? context.now
                    guard next > context.now,
                        let later = profile.earliestStart(gpus: spec.gpus, duration: spec.duration, notBefore: next)
                    else { continue }
                    start = later
                }
            }
            if start > context.now { outcome.reservations.append((pending.index, start)) }
            profile.reserve(gpus: spec.gpus, from: start, for: spec.duration)
            outcome.profiles[key] = profile
        }
        return outcome
    }
}
