import OrreryKernel

/// One pass's preemption candidates for ``RankedPreemptiveSession``: running jobs past the
/// minimum runtime whose rank bound (``RunRankBounds``) is above the best waiting job's
/// rank, each ranked at most once per pass and only when the pass needs it.
///
/// A value built per pass from the session's flat per-job arrays (shared, not copied) and
/// its rank caches (moved in, handed back by ``finish()``), so the hot loops touch no
/// class state.
struct VictimCandidates {
    struct RunState {
        var runStart: [SimTime]
        var restartDelay: [SimTime]
        var progressAtStart: [SimTime]
        var pace: [Double]
        var estimates: [SimTime]
    }

    private let ranking: any JobRanking
    private let now: SimTime
    private let runs: RunState
    private let table: JobTable
    private let bound: [Double]
    private let isExact: [Bool]
    private let isUnbounded: [Bool]
    private var caches: [RankCache]
    /// The candidates (job indices), their ranks once computed, and which are.
    private(set) var jobs: [Int]
    private var ranks: [Double]
    private var isRanked: [Bool]

    init(
        _ jobs: [Int], at now: SimTime, ranking: any JobRanking, runs: RunState, table: JobTable, bounds: RunRankBounds,
        caches: [RankCache]
    ) {
        self.jobs = jobs
        self.now = now
        self.ranking = ranking
        self.runs = runs
        self.table = table
        bound = bounds.bound
        isExact = bounds.isExact
        isUnbounded = bounds.isUnbounded
        self.caches = caches
        ranks = Array(repeating: 0, count: jobs.count)
        isRanked = Array(repeating: false, count: jobs.count)
    }

    /// The rank caches, updated, for the session to keep.
    func finish() -> [RankCache] { caches }

    var isEmpty: Bool { jobs.isEmpty }

    /// Candidate `position`'s bound (infinite without one).
    @inline(__always)
    func bound(of position: Int) -> Double {
        let job = jobs[position]
        return isUnbounded[job] ? .infinity : bound[job]
    }

    /// Candidate `position`'s rank now, computed once (not at all when the bound is it).
    @inline(__always)
    mutating func rank(of position: Int) -> Double {
        isRanked[position] ? ranks[position] : computeRank(of: position)
    }

    private mutating func computeRank(of position: Int) -> Double {
        let job = jobs[position]
        let value: Double
        if !isUnbounded[job] && isExact[job] {
            value = bound[job]
        } else {
            let progress = RunningJob.progress(
                at: now, runStart: runs.runStart[job], restartDelay: runs.restartDelay[job],
                progressAtStart: runs.progressAtStart[job], pace: runs.pace[job])
            let state = RankedJob(gpus: table.gpus[job], duration: runs.estimates[job], priority: table.priority[job], progress: progress)
            value = ranking.rank(state, cache: &caches[job])
        }
        ranks[position] = value
        isRanked[position] = true
        return value
    }

    /// The worst (largest) rank among the candidates, nil without any: candidates without
    /// a bound are ranked, then the others largest bound first until no unranked bound is
    /// above the worst rank found (after a few picks, every such candidate at once).
    mutating func worstRank() -> Double? {
        guard !jobs.isEmpty else { return nil }
        var worst = -Double.infinity
        for position in jobs.indices where isRanked[position] || isUnbounded[jobs[position]] {
            worst = Swift.max(worst, rank(of: position))
        }
        for _ in 0..<4 {
            var pick: Int?
            var pickBound = worst
            for position in jobs.indices where !isRanked[position] {
                let value = bound(of: position)
                if value > pickBound {
                    pick = position
                    pickBound = value
                }
            }
            guard let pick else { return worst }
            worst = Swift.max(worst, rank(of: pick))
        }
        for position in jobs.indices where !isRanked[position] && bound(of: position) > worst {
            worst = Swift.max(worst, rank(of: position))
        }
        return worst
    }

    /// Drops the candidates at `positions` (stopped this pass).
    mutating func remove(at positions: [Int]) {
        for position in positions.sorted(by: >) {
            jobs.remove(at: position)
            ranks.remove(at: position)
            isRanked.remove(at: position)
        }
    }
}
