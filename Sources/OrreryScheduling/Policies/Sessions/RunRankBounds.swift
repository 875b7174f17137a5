import OrreryKernel

/// The running jobs of the preemptive session with upper bounds on their ranks
/// (``JobRanking/rankHold(_:)``): each bound holds until a time (`.max`: the rest of the
/// run), and may be the rank itself until then (`isExact`). A run with no known bound has
/// `+∞`, so it is always listed and always ranked.
///
/// Runs are kept densely, in no order, as a struct of arrays (job, bound, exactness), so a
/// pass lists the runs that could rank above a given rank in one scan of contiguous
/// doubles, with no stale entries to skip; a run that ends is swapped out. Bounds that
/// expire are kept by expiry so the session re-arms exactly those; entries of runs that
/// ended or were re-armed since stay in that heap, stale (their serial no longer
/// matches), and are dropped when they surface.
struct RunRankBounds {
    private struct Expiry: Comparable {
        var time: SimTime
        var job: Int
        var serial: Int

        static func < (a: Expiry, b: Expiry) -> Bool { a.time != b.time ? a.time < b.time : a.job < b.job }
    }

    /// Per run (a position, in no order): its job, its bound, and whether the bound is its
    /// rank.
    private(set) var jobs: [Int] = []
    private(set) var bounds: [Double] = []
    private(set) var isExact: [Bool] = []
    /// Per job: its position among the runs (-1: not running), and the serial of its
    /// latest bound (for stale expiries).
    private var position: [Int]
    private var serial: [Int]
    private var expiries = MinHeap<Expiry>()

    init(jobCount: Int) {
        position = Array(repeating: -1, count: jobCount)
        serial = Array(repeating: 0, count: jobCount)
    }

    /// Running jobs.
    var count: Int { jobs.count }

    /// Whether job `job` runs.
    func contains(_ job: Int) -> Bool { position[job] >= 0 }

    /// Job `job` runs with `bound` on its rank until `expiry` (exactly its rank if
    /// `isExact`), replacing any bound it had.
    mutating func set(_ job: Int, bound value: Double, isExact exact: Bool, until expiry: SimTime) {
        serial[job] += 1
        let at = position[job]
        if at >= 0 {
            bounds[at] = value
            isExact[at] = exact
        } else {
            position[job] = jobs.count
            jobs.append(job)
            bounds.append(value)
            isExact.append(exact)
        }
        if expiry != .max { expiries.push(Expiry(time: expiry, job: job, serial: serial[job])) }
        checkInvariants()
    }

    /// Job `job` runs with no known bound (for the rest of its run).
    mutating func setUnbounded(_ job: Int) {
        set(job, bound: .infinity, isExact: false, until: .max)
    }

    /// Job `job`'s run ended.
    mutating func remove(_ job: Int) {
        let at = position[job]
        guard at >= 0 else { return }
        serial[job] += 1
        position[job] = -1
        let last = jobs.count - 1
        if at != last {
            jobs[at] = jobs[last]
            bounds[at] = bounds[last]
            isExact[at] = isExact[last]
            position[jobs[at]] = at
        }
        jobs.removeLast()
        bounds.removeLast()
        isExact.removeLast()
        checkInvariants()
    }

    /// Replaces `found` with the jobs whose bound expired by `now` (each once), to be
    /// re-armed.
    mutating func expired(by now: SimTime, into found: inout [Int]) {
        found.removeAll(keepingCapacity: true)
        while let top = expiries.min, top.time <= now {
            expiries.popMin()
            if position[top.job] >= 0 && serial[top.job] == top.serial { found.append(top.job) }
        }
    }

    /// Replaces `found` with the positions (in ``jobs``, ``bounds``, ``isExact``) of the
    /// runs whose bound is not at or below `rank`: the only ones whose rank can be above
    /// `rank` now.
    func above(_ rank: Double, into found: inout [Int]) {
        // Written through the buffer, then cut: appended, each position checked the
        // list's uniqueness and capacity (a `gittins` pass lists most runs, seven
        // million in a Philly run).
        found.removeAll(keepingCapacity: true)
        found.append(contentsOf: repeatElement(0, count: bounds.count))
        let count = found.withUnsafeMutableBufferPointer { found in
            bounds.withUnsafeBufferPointer { bounds in
                var count = 0
                for at in bounds.indices where !(bounds[at] <= rank) {
                    found[count] = at
                    count += 1
                }
                return count
            }
        }
        found.removeLast(found.count - count)
    }
}

extension RunRankBounds {
    /// Checks that the runs' arrays line up and every job's position points back at it;
    /// compiled only with `ORRERY_INTERNAL_CHECKS` (debug builds), and only for small
    /// runs, so debug runs stay linear.
    func checkInvariants() {
        #if ORRERY_INTERNAL_CHECKS
        guard position.count <= 4096 else { return }
        precondition(bounds.count == jobs.count && isExact.count == jobs.count, "run bounds out of step")
        for (at, job) in jobs.enumerated() { precondition(position[job] == at, "run \(job) misplaced") }
        precondition(position.count(where: { $0 >= 0 }) == jobs.count, "a stopped run still has a position")
        #endif
    }
}
