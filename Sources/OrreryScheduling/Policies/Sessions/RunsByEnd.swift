import OrreryKernel

/// Running jobs in order of expected end (ties: job index), as backfilling walks them,
/// kept lazily: starts are appended and ends marked, and the order is restored only
/// when a pass asks for it. A run where backfilling never needs a reservation (nothing
/// waits) thus pays O(1) per start and end instead of keeping a sorted array.
struct RunsByEnd {
    struct Run: Comparable {
        var end: SimTime
        var job: Int
        var gpus: Int
        var typeKey: Int

        static func < (a: Run, b: Run) -> Bool { a.end != b.end ? a.end < b.end : a.job < b.job }
    }

    private var ordered: [Run] = []
    private var added: [Run] = []
    /// Per job: whether its entry is live (a job runs at most once per entry: the
    /// sessions using this are non-preemptive).
    private var live: [Bool]
    private var liveCount = 0

    init(jobCount: Int) {
        live = Array(repeating: false, count: jobCount)
    }

    /// Adds a job that started (its type key read from `jobs`).
    mutating func insert(_ job: StartedRun, jobs: JobTable) {
        insert(Run(end: job.expectedEnd, job: job.index, gpus: job.gpus, typeKey: jobs.typeKey[job.index]))
    }

    mutating func insert(_ run: Run) {
        added.append(run)
        live[run.job] = true
        liveCount += 1
        if ordered.count + added.count > 2 * liveCount + 1024 { normalise() }
    }

    mutating func remove(job: Int) {
        guard live[job] else { return }
        live[job] = false
        liveCount -= 1
    }

    /// The live runs by end (ties: job index).
    mutating func inOrder() -> [Run] {
        normalise()
        return ordered
    }

    private mutating func normalise() {
        guard !added.isEmpty || ordered.count != liveCount else { return }
        let live = self.live
        ordered.removeAll { !live[$0.job] }
        added.removeAll { !live[$0.job] }
        if !added.isEmpty {
            added.sort()
            var merged: [Run] = []
            merged.reserveCapacity(ordered.count + added.count)
            var a = 0, b = 0
            while a < ordered.count || b < added.count {
                if b == added.count || (a < ordered.count && ordered[a] < added[b]) {
                    merged.append(ordered[a]); a += 1
                } else {
                    merged.append(added[b]); b += 1
                }
            }
            ordered = merged
            added.removeAll(keepingCapacity: true)
        }
    }
}
