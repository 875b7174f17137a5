import OrreryKernel

/// Priority classes: the higher class first (`priority` policy). Within a class, arrival
/// order; a job preempts only jobs of a strictly lower class.
public struct PriorityRanking: JobRanking {
    public init() {}
    public func rank(_ job: RankedJob) -> Double { -Double(job.priority) }
    public func rankHold(_ job: RankedJob) -> RankHold { RankHold(runTime: .max, isConstant: true) }
}

/// Shortest remaining time first (SRTF; Schrage 1968): the duration minus the run time
/// completed, never below zero. With oracle durations that is the time left; with
/// estimated ones a job that outlives its estimate counts as about to end. A job
/// preempts only jobs with strictly more time left.
public struct RemainingTimeRanking: JobRanking {
    public init() {}
    public func rank(_ job: RankedJob) -> Double { Swift.max(.zero, job.duration - job.progress).seconds }
    /// Progress only grows while a job runs, so its remaining time only falls.
    public func rankHold(_ job: RankedJob) -> RankHold { RankHold(runTime: .max, isConstant: false) }
}

/// Tiresias' discretised 2D-LAS (Gu et al., NSDI'19): a job's attained service is its
/// GPUs × run time completed, and queue k holds jobs whose service is in
/// [thresholds[k−1], thresholds[k]). Lower queues go first; within a queue, arrival
/// order (so a job is preempted only by jobs in a strictly lower queue). The default
/// single threshold, 1 GPU-hour (two queues), is Orrery's choice; Tiresias tunes it per
/// workload.
public struct DiscretisedLASRanking: JobRanking {
    /// Queue boundaries in GPU-seconds, ascending.
    public var thresholds: [Double]

    public init(thresholds: [Double] = [3600]) {
        self.thresholds = thresholds.sorted()
    }

    public func rank(_ job: RankedJob) -> Double {
        let service = job.attainedService
        return Double(thresholds.firstIndex { service < $0 } ?? thresholds.count)
    }

    public func runTimeToNextChange(_ job: RankedJob) -> SimTime? { runTimeToThreshold(job, thresholds: thresholds) }

    /// The queue holds until the next threshold: short of the (rounded-up) run time to it
    /// by a nanosecond, so that rounding in the service never reaches it early.
    public func rankHold(_ job: RankedJob) -> RankHold {
        guard let next = runTimeToThreshold(job, thresholds: thresholds) else { return RankHold(runTime: .max, isConstant: true) }
        return RankHold(runTime: next - SimTime(nanoseconds: 1), isConstant: true)
    }
}
