import OrreryKernel

/// EASY backfilling (Lifka 1995; Mu'alem & Feitelson 2001) for rigid gangs.
///
/// Jobs start in arrival order while they fit. The first that does not (the head) gets
/// a reservation: the earliest time enough GPUs of its type will be free, computed from
/// the running jobs' known end times (rigid jobs run exactly their duration). Later jobs
/// may start now if they fit and do not delay that reservation: either they end by the
/// reservation time, or they use only GPUs the head will not need then ("extra" GPUs).
///
/// The reservation counts GPUs, not particular nodes: a head that needs a whole node may
/// still find the freed GPUs fragmented at its reservation time. That is the usual
/// simplification of EASY on node-shared clusters; it never delays the head's *count*.
///
/// With a `predictor` (`easy-backfill-predicted`) durations and running jobs' ends are
/// estimates (``RecentRunTimePredictor``), as in Tsafrir et al. (IEEE TPDS 2007): a job
/// still running past its estimated end is expected to end now, so the head's
/// reservation can be too early and backfilled jobs can delay it, as they do in practice.
public struct EASYBackfillScheduler: SchedulingPolicy {
    public var placement: any PlacementPolicy
    public var predictor: RecentRunTimePredictor?

    public init(placement: any PlacementPolicy = ConsolidatingPlacement(), predictor: RecentRunTimePredictor? = nil) {
        self.placement = placement
        self.predictor = predictor
    }

    public var durationPredictor: RecentRunTimePredictor? { predictor }

    /// The head's reservation: when (`shadow`) and how many GPUs of its type will then be
    /// free beyond what it needs (`extra`).
    struct Reservation: Equatable {
        var shadow: SimTime
        var extra: Int
    }

    public func decide(queue: ArraySlice<PendingJob>, cluster: ClusterState, context: SchedulingContext)
        -> [StartDecision]
    {
        var view = cluster
        var decisions: [StartDecision] = []
        var running = context.running
        var position = queue.startIndex
        // Start jobs in order while they fit, as FIFO does.
        while position < queue.endIndex {
            let pending = queue[position]
            guard let chosen = placement.place(pending.spec.request, in: view) else { break }
            view.allocate(chosen)
            decisions.append(StartDecision(job: pending.index, placement: chosen))
            RunningJob.insert(
                RunningJob(
                    index: pending.index, gpus: pending.spec.gpus, gpuType: pending.spec.gpuType,
                    expectedEnd: context.now + pending.spec.duration),
                into: &running)
            position += 1
        }
        guard position < queue.endIndex else { return decisions }
        let head = queue[position].spec
        guard var reservation = Self.reservation(for: head, cluster: view, running: running, now: context.now) else { return decisions }
        // Read fields in place: the queue can hold thousands of jobs and this loop runs
        // on every pass, so copying each job (and retaining its strings) would dominate.
        for candidate in (position + 1)..<queue.endIndex {
            let free = view.totalGPUs - view.allocatedGPUs
            if free == 0 { break }
            let gpus = queue[candidate].spec.gpus
            guard gpus <= free else { continue }
            let endsInTime = context.now + queue[candidate].spec.duration <= reservation.shadow
            // A job that shares no GPU type with the head cannot delay it.
            let competes = Self.competes(queue[candidate].spec.gpuType, with: head.gpuType, in: view)
            guard endsInTime || !competes || gpus <= reservation.extra else { continue }
            guard let chosen = placement.place(queue[candidate].spec.request, in: view) else { continue }
            view.allocate(chosen)
            decisions.append(StartDecision(job: queue[candidate].index, placement: chosen))
            if !endsInTime && competes { reservation.extra -= gpus }
        }
        return decisions
    }

    /// The earliest time at least `head.gpus` GPUs of its type are free, walking running
    /// jobs by expected end (ties: job index), or nil if that never happens. An expected
    /// end already past (an estimate the job outlived) counts as now. `running` is
    /// normally already in that order (``SchedulingContext/running``); it is sorted if not.
    static func reservation(for head: JobSpec, cluster: ClusterState, running: [RunningJob], now: SimTime) -> Reservation? {
        var free = head.gpuType == nil
            ? cluster.totalGPUs - cluster.allocatedGPUs
            : cluster.freeGPUs(ofType: head.gpuType)
        var ends = running
        for index in ends.indices where ends[index].expectedEnd < now { ends[index].expectedEnd = now }
        let inOrder = zip(ends, ends.dropFirst()).allSatisfy { !RunningJob.endsBefore($1, $0) }
        for job in inOrder ? ends : ends.sorted(by: RunningJob.endsBefore) {
            // A running job's GPUs count for the head only if they can be of its type.
            guard head.gpuType == nil || competes(job.gpuType, with: head.gpuType, in: cluster) else { continue }
            free += job.gpus
            if free >= head.gpus { return Reservation(shadow: job.expectedEnd, extra: free - head.gpus) }
        }
        return nil
    }

    /// Whether a job restricted to `type` might take GPUs a job restricted to `other`
    /// could use. Unrestricted jobs compete with everyone; two restricted jobs compete
    /// when their types match (case-insensitively, as placement matches them).
    static func competes(_ type: String?, with other: String?, in cluster: ClusterState) -> Bool {
        guard let type, let other else { return true }
        return GPUTypeName.same(type, other)
    }
}
