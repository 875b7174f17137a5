import OrreryKernel

/// Shortest job first, non-preemptive, with oracle durations (the trace's own) or, with
/// a `predictor`, each job's run time estimated at submission (``RecentRunTimePredictor``).
///
/// Waiting jobs are considered in order of duration (ties: arrival order); starts go in
/// that order until the first that does not fit, which blocks the rest, as FIFO's head
/// does. It minimises mean waiting time when jobs are similar in size, and can starve
/// long jobs while short ones keep arriving.
public struct ShortestJobFirstScheduler: SchedulingPolicy {
    public var placement: any PlacementPolicy
    public var predictor: RecentRunTimePredictor?

    public init(placement: any PlacementPolicy = ConsolidatingPlacement(), predictor: RecentRunTimePredictor? = nil) {
        self.placement = placement
        self.predictor = predictor
    }

    public var durationPredictor: RecentRunTimePredictor? { predictor }

    public func decide(queue: ArraySlice<PendingJob>, cluster: ClusterState, context: SchedulingContext)
        -> [StartDecision]
    {
        var view = cluster
        var decisions: [StartDecision] = []
        // Selection rather than a full sort: a pass usually starts few jobs, and the
        // queue can hold thousands, so each start costs one linear scan.
        var taken = Array(repeating: false, count: queue.count)
        while view.allocatedGPUs < view.totalGPUs {
            var best: Int?
            var shortest = SimTime.max
            for offset in 0..<queue.count where !taken[offset] {
                let duration = queue[queue.startIndex + offset].spec.duration
                if best == nil || duration < shortest { best = offset; shortest = duration }
            }
            guard let offset = best else { break }
            let pending = queue[queue.startIndex + offset]
            guard let chosen = placement.place(pending.spec.request, in: view) else { break }
            view.allocate(chosen)
            taken[offset] = true
            decisions.append(StartDecision(job: pending.index, placement: chosen))
        }
        return decisions
    }
}
