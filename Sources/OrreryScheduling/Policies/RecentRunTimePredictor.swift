import OrreryKernel

/// Predicts a job's run time from its user's recent jobs, as schedulers must when they
/// do not know durations (Tsafrir, Etsion & Feitelson, "Backfilling Using
/// System-Generated Predictions Rather than User Runtime Estimates", IEEE TPDS 18(6),
/// 2007: the mean of the user's last two completed jobs is a better predictor than
/// users' own estimates).
///
/// The estimate is made when the job is submitted, from jobs that had *finished* by then:
/// the mean run time of the last `window` jobs of the same user (the tenant when the
/// trace names no user). A user with no finished job yet gets the mean of every finished
/// job so far, and before any job has finished, `fallback`. Estimates never see the job's
/// own duration, so policies that use them (`sjf-predicted`, `srtf-predicted`) make the
/// mistakes a real scheduler would.
public struct RecentRunTimePredictor: Sendable, Equatable {
    /// How many of a user's latest finished jobs are averaged (Tsafrir et al. use 2).
    public var window: Int
    /// The estimate before any job has finished. Default 1 h: Orrery's choice, of the
    /// order of the median job in the Philly (Jeon et al., ATC'19) and Helios (Hu et al.,
    /// SC'21) traces.
    public var fallback: SimTime
    private var recent: [String: [SimTime]] = [:]
    private var finishedTotal: SimTime = .zero
    private var finishedCount = 0

    public init(window: Int = 2, fallback: SimTime = .hour) {
        self.window = Swift.max(1, window)
        self.fallback = fallback
    }

    /// The key history is kept under: the user, or the tenant when there is none.
    static func key(of job: JobSpec) -> String { job.user.isEmpty ? "tenant:" + job.tenant : job.user }

    /// The estimate for `job`, now.
    public func estimate(for job: JobSpec) -> SimTime {
        if let runs = recent[Self.key(of: job)], !runs.isEmpty {
            return runs.reduce(.zero, +).divided(by: runs.count)
        }
        return finishedCount > 0 ? finishedTotal.divided(by: finishedCount) : fallback
    }

    /// Records that `job` finished after running `runTime`.
    public mutating func record(_ job: JobSpec, runTime: SimTime) {
        var runs = recent[Self.key(of: job), default: []]
        runs.append(runTime)
        if runs.count > window { runs.removeFirst(runs.count - window) }
        recent[Self.key(of: job)] = runs
        finishedTotal += runTime
        finishedCount += 1
    }
}

extension SimTime {
    /// This duration over `count`, rounded down to the nanosecond.
    func divided(by count: Int) -> SimTime { SimTime(nanoseconds: nanoseconds / Int64(Swift.max(1, count))) }
}
