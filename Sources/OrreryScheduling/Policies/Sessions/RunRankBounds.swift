import OrreryKernel

/// Upper bounds on the ranks of running jobs (``JobRanking/rankHold(_:)``), for the
/// preemptive session: each bound holds until a time (`.max`: the rest of the run), and
/// may be the rank itself until then (`isExact`). Bounds sit in a max-heap so a pass can
/// list the runs that could rank above a given rank without ranking any; bounds that
/// expire are kept by expiry so the session re-arms exactly those. A run without a bound
/// (`isUnbounded`) is always listed and always ranked.
///
/// Entries of runs that ended or were re-armed stay in the heaps, stale (their serial no
/// longer matches), and are dropped when they surface or when the bound heap is rebuilt.
struct RunRankBounds {
    private struct Bound: Comparable {
        /// The negated bound (the heap is a min-heap).
        var key: Double
        var job: Int
        var serial: Int

        static func < (a: Bound, b: Bound) -> Bool { a.key != b.key ? a.key < b.key : a.job < b.job }
    }

    private struct Expiry: Comparable {
        var time: SimTime
        var job: Int
        var serial: Int

        static func < (a: Expiry, b: Expiry) -> Bool { a.time != b.time ? a.time < b.time : a.job < b.job }
    }

    /// Per job: its bound, whether the bound is its rank, and whether it has none.
    private(set) var bound: [Double]
    private(set) var isExact: [Bool]
    private(set) var isUnbounded: [Bool]
    private(set) var unboundedCount = 0
    private var serial: [Int]
    private var isLive: [Bool]
    private var liveCount = 0
    private var byBound = MinHeap<Bound>()
    private var staleBounds = 0
    private var expiries = MinHeap<Expiry>()

    init(jobCount: Int) {
        bound = Array(repeating: 0, count: jobCount)
        isExact = Array(repeating: false, count: jobCount)
        isUnbounded = Array(repeating: false, count: jobCount)
        serial = Array(repeating: 0, count: jobCount)
        isLive = Array(repeating: false, count: jobCount)
    }

    /// Job `job` runs with `bound` on its rank until `expiry` (exactly its rank if
    /// `isExact`), replacing any bound it had.
    mutating func set(_ job: Int, bound value: Double, isExact exact: Bool, until expiry: SimTime) {
        retire(job)
        serial[job] += 1
        isLive[job] = true
        liveCount += 1
        bound[job] = value
        isExact[job] = exact
        byBound.push(Bound(key: -value, job: job, serial: serial[job]))
        if expiry != .max { expiries.push(Expiry(time: expiry, job: job, serial: serial[job])) }
    }

    /// Job `job` runs with no known bound (for the rest of its run).
    mutating func setUnbounded(_ job: Int) {
        retire(job)
        serial[job] += 1
        isUnbounded[job] = true
        unboundedCount += 1
    }

    /// Job `job`'s run ended.
    mutating func remove(_ job: Int) {
        retire(job)
        serial[job] += 1
    }

    private mutating func retire(_ job: Int) {
        if isUnbounded[job] {
            isUnbounded[job] = false
            unboundedCount -= 1
        }
        guard isLive[job] else { return }
        isLive[job] = false
        liveCount -= 1
        staleBounds += 1
        if staleBounds > liveCount + 64 {
            let (isLive, serial) = (self.isLive, self.serial)
            let live = byBound.elements.filter { isLive[$0.job] && serial[$0.job] == $0.serial }
            byBound = MinHeap()
            for entry in live { byBound.push(entry) }
            staleBounds = 0
        }
    }

    /// The jobs whose bound expired by `now` (each once), to be re-armed.
    mutating func expired(by now: SimTime) -> [Int] {
        var found: [Int] = []
        while let top = expiries.min, top.time <= now {
            expiries.popMin()
            if isLive[top.job] && serial[top.job] == top.serial { found.append(top.job) }
        }
        return found
    }

    /// The jobs of `running` that have no bound or whose bound is above `rank`, in no
    /// order: the only ones whose rank can be above `rank` now.
    func above(_ rank: Double, running: [Int]) -> [Int] {
        let isUnbounded = self.isUnbounded
        var found = unboundedCount > 0 ? running.filter { isUnbounded[$0] } : []
        // A linear pass over the heap's array: most runs qualify whenever a long job runs,
        // so a pruned walk of the heap saves little and costs more per entry.
        let (isLive, serial) = (self.isLive, self.serial)
        for entry in byBound.elements where -entry.key > rank {
            if isLive[entry.job] && serial[entry.job] == entry.serial { found.append(entry.job) }
        }
        return found
    }
}
