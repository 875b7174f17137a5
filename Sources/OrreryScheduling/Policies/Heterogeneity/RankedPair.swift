/// A (job, type) pair a round walks, with its place in the walk as two integers (a round
/// sorts every pair present, tens of thousands of rounds a run).
struct RankedPair {
    /// The priority's bits, inverted: priorities are never negative, and the bit
    /// patterns of non-negative doubles order as the values do, so a smaller `rank` is a
    /// higher priority.
    var rank: UInt64
    /// The ties, in order: the pair the job runs on now first (keeping it there costs no
    /// restart), then job index, then type.
    var tie: UInt64
    var gpus: Int

    init(job: Int, type: Int, gpus: Int, priority: Double, isCurrent: Bool) {
        #if ORRERY_INTERNAL_CHECKS
        precondition(priority >= 0 && (0..<1 << 16).contains(type) && (0..<1 << 47).contains(job))
        #endif
        rank = ~priority.bitPattern
        tie = (isCurrent ? 0 : 1 << 63) | UInt64(job) << 16 | UInt64(type)
        self.gpus = gpus
    }

    var job: Int { Int((tie & ~(1 << 63)) >> 16) }
    var type: Int { Int(tie & 0xFFFF) }

    static func walksBefore(_ a: RankedPair, _ b: RankedPair) -> Bool {
        a.rank != b.rank ? a.rank < b.rank : a.tie < b.tie
    }

    /// Sorts `pairs` into walk order. No two pairs tie (a job has one pair per type), so
    /// any correct sort gives the one order; this one works in place (quicksort on the two
    /// keys, insertion sort on short runs), where the standard library's stable sort
    /// takes a buffer and compares through a closure: it was a seventh of a round-based
    /// run's instructions.
    static func sort(_ pairs: inout [RankedPair]) {
        pairs.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count > 1 else { return }
            sort(base, count: buffer.count)
        }
        #if ORRERY_INTERNAL_CHECKS
        for i in pairs.indices.dropFirst() { precondition(walksBefore(pairs[i - 1], pairs[i]), "pairs out of walk order") }
        #endif
    }

    private static func sort(_ base: UnsafeMutablePointer<RankedPair>, count: Int) {
        var low = 0, high = count - 1
        while high - low >= 16 {
            // Median of three as the pivot, kept at `low`.
            let mid = low + (high - low) / 2
            if walksBefore(base[mid], base[low]) { swap(base, mid, low) }
            if walksBefore(base[high], base[low]) { swap(base, high, low) }
            if walksBefore(base[high], base[mid]) { swap(base, high, mid) }
            swap(base, low, mid)
            let pivot = base[low]
            var i = low, j = high + 1
            while true {
                repeat { i += 1 } while i <= high && walksBefore(base[i], pivot)
                repeat { j -= 1 } while walksBefore(pivot, base[j])
                if i >= j { break }
                swap(base, i, j)
            }
            swap(base, low, j)
            // Recurse into the shorter side, loop on the longer: depth stays logarithmic.
            if j - low < high - j {
                sort(base + low, count: j - low)
                low = j + 1
            } else {
                sort(base + j + 1, count: high - j)
                high = j - 1
            }
        }
        guard high > low else { return }
        for i in (low + 1)...high {
            let pair = base[i]
            var j = i
            while j > low && walksBefore(pair, base[j - 1]) {
                base[j] = base[j - 1]
                j -= 1
            }
            base[j] = pair
        }
    }

    private static func swap(_ base: UnsafeMutablePointer<RankedPair>, _ a: Int, _ b: Int) {
        let held = base[a]
        base[a] = base[b]
        base[b] = held
    }
}
