import OrreryKernel

/// Waiting jobs grouped by what placement reads (GPU count and type), each group in
/// arrival order with a min-tree over the durations of its waiting members, so a
/// backfilling pass finds "the next waiting job after position p of this size that
/// ends within d" in O(log n) instead of scanning the queue.
///
/// Every job of the run is known at the start, so groups are fixed arrays; a job's leaf
/// holds its duration (ns) while it waits and `Int64.max` otherwise.
struct WaitingBuckets {
    struct Bucket {
        let gpus: Int
        let typeKey: Int
        /// Member jobs in arrival order.
        var members: [Int] = []
        var memberArrivals: [Int] = []
        var tree: MinTree = MinTree(count: 0)
    }

    private(set) var buckets: [Bucket] = []
    /// Per job: its bucket and its position in it.
    private var bucketOf: [Int]
    private var slotOf: [Int]

    init(jobs: JobTable) {
        var index: [Int: Int] = [:]  // (gpus, type) packed
        bucketOf = Array(repeating: 0, count: jobs.gpus.count)
        slotOf = Array(repeating: 0, count: jobs.gpus.count)
        let byArrival = jobs.arrival.indices.sorted { jobs.arrival[$0] < jobs.arrival[$1] }
        for job in byArrival {
            let packed = jobs.gpus[job] &* 65_536 &+ jobs.typeKey[job]
            let bucket = index[packed] ?? {
                index[packed] = buckets.count
                buckets.append(Bucket(gpus: jobs.gpus[job], typeKey: jobs.typeKey[job]))
                return buckets.count - 1
            }()
            bucketOf[job] = bucket
            slotOf[job] = buckets[bucket].members.count
            buckets[bucket].members.append(job)
            buckets[bucket].memberArrivals.append(jobs.arrival[job])
        }
        for bucket in buckets.indices { buckets[bucket].tree = MinTree(count: buckets[bucket].members.count) }
    }

    mutating func setWaiting(_ job: Int, duration: SimTime) {
        buckets[bucketOf[job]].tree.set(slotOf[job], duration.nanoseconds)
    }

    mutating func setNotWaiting(_ job: Int) {
        buckets[bucketOf[job]].tree.set(slotOf[job], .max)
    }

    /// The first slot of `bucket` whose job arrived after arrival position `arrival`.
    func firstSlot(_ bucket: Int, after arrival: Int) -> Int {
        let arrivals = buckets[bucket].memberArrivals
        var low = 0, high = arrivals.count
        while low < high {
            let mid = (low + high) / 2
            if arrivals[mid] <= arrival { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The first slot ≥ `from` in `bucket` holding a waiting job of duration ≤ `limit` ns
    /// (`limit` < `Int64.max`).
    func first(_ bucket: Int, from: Int, durationAtMost limit: Int64) -> Int? {
        buckets[bucket].tree.first(from: from, atMost: limit)
    }

    func job(_ bucket: Int, slot: Int) -> Int { buckets[bucket].members[slot] }
}

/// A segment tree of minima over `Int64` leaves, with "first leaf at or after i whose
/// value is at most v" queries.
struct MinTree {
    private(set) var size = 1
    private(set) var nodes: [Int64]
    let count: Int

    init(count: Int) {
        self.count = count
        while size < count { size *= 2 }
        nodes = Array(repeating: .max, count: 2 * size)
    }

    mutating func set(_ leaf: Int, _ value: Int64) {
        var node = leaf + size
        nodes[node] = value
        node /= 2
        while node >= 1 {
            nodes[node] = Swift.min(nodes[2 * node], nodes[2 * node + 1])
            node /= 2
        }
        checkInvariants()
    }

    func first(from leaf: Int, atMost limit: Int64) -> Int? {
        guard leaf < count else { return nil }
        var node = leaf + size
        while true {
            if nodes[node] <= limit {
                while node < size { node = nodes[2 * node] <= limit ? 2 * node : 2 * node + 1 }
                return node - size
            }
            // Up while a right child (its parent's right part is what we just covered),
            // then on to the next subtree to the right.
            while node & 1 == 1 { node >>= 1 }
            if node == 0 { return nil }
            node += 1
        }
    }
}
