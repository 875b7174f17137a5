import OrreryKernel

/// The running jobs of the preemptive session with upper bounds on their ranks
/// (``JobRanking/rankHold(_:)``), and what the session keeps about each run (`Run`): each
/// bound holds until a time (`.max`: the rest of the run), and may be the rank itself
/// until then (`isExact`). A run with no known bound has `+∞`, so it is always listed and
/// always ranked.
///
/// Runs are kept densely, in no order, as a struct of arrays (job, bound, exactness,
/// run), so a pass lists the runs that could rank above a given rank in one scan of
/// contiguous doubles, with no stale entries to skip, and reads the listed runs' fields
/// from one short array rather than from arrays as long as the trace; a run that ends is
/// swapped out. Bounds that expire are kept by expiry so the session re-arms exactly
/// those; entries of runs that ended or were re-armed since stay in that heap, stale
/// (their serial no longer matches), and are dropped when they surface.
struct RunRankBounds<Run> {
    private struct Expiry: Comparable {
        var time: SimTime
        var job: Int
        var serial: Int

        static func < (a: Expiry, b: Expiry) -> Bool { a.time != b.time ? a.time < b.time : a.job < b.job }
    }

    /// Per run (a position, in no order): its job, its bound, whether the bound is its
    /// rank, and the session's record of it.
    private(set) var jobs: [Int] = []
    private(set) var bounds: [Double] = []
    private(set) var isExact: [Bool] = []
    private(set) var runs: [Run] = []
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

    /// Job `job`'s position among the runs, nil if it does not run.
    func position(of job: Int) -> Int? {
        let at = position[job]
        return at >= 0 ? at : nil
    }

    /// Calls `body` with the record of running job `job`'s run, to update in place.
    mutating func updateRun<Result>(of job: Int, _ body: (inout Run) -> Result) -> Result {
        let at = position[job]
        precondition(at >= 0, "job \(job) does not run")
        return body(&runs[at])
    }

    /// Job `job` (not running) starts a run recorded as `run`, with no known bound until
    /// ``set(_:bound:isExact:until:)``.
    mutating func insert(_ job: Int, run: Run) {
        precondition(position[job] < 0, "job \(job) already runs")
        position[job] = jobs.count
        jobs.append(job)
        bounds.append(.infinity)
        isExact.append(false)
        runs.append(run)
        checkInvariants()
    }

    /// Running job `job` has `bound` on its rank until `expiry` (exactly its rank if
    /// `isExact`), replacing any bound it had.
    mutating func set(_ job: Int, bound value: Double, isExact exact: Bool, until expiry: SimTime) {
        let at = position[job]
        precondition(at >= 0, "job \(job) does not run")
        serial[job] += 1
        bounds[at] = value
        isExact[at] = exact
        if expiry != .max { expiries.push(Expiry(time: expiry, job: job, serial: serial[job])) }
    }

    /// Running job `job` has no known bound (for the rest of its run).
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
            runs.swapAt(at, last)
            position[jobs[at]] = at
        }
        jobs.removeLast()
        bounds.removeLast()
        isExact.removeLast()
        runs.removeLast()
        checkInvariants()
    }

    /// Calls `body` with the runs' columns, the records writable in place (through their
    /// buffer: a pass updates hundreds of records, and each write through the array would
    /// check its uniqueness).
    mutating func withColumns<Result>(
        _ body: (
            _ jobs: UnsafeBufferPointer<Int>, _ bounds: UnsafeBufferPointer<Double>, _ isExact: UnsafeBufferPointer<Bool>,
            _ runs: UnsafeMutableBufferPointer<Run>
        ) -> Result
    ) -> Result {
        jobs.withUnsafeBufferPointer { jobs in
            bounds.withUnsafeBufferPointer { bounds in
                isExact.withUnsafeBufferPointer { isExact in
                    runs.withUnsafeMutableBufferPointer { runs in body(jobs, bounds, isExact, runs) }
                }
            }
        }
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
        precondition(bounds.count == jobs.count && isExact.count == jobs.count && runs.count == jobs.count, "run bounds out of step")
        for (at, job) in jobs.enumerated() { precondition(position[job] == at, "run \(job) misplaced") }
        precondition(position.count(where: { $0 >= 0 }) == jobs.count, "a stopped run still has a position")
        #endif
    }
}
