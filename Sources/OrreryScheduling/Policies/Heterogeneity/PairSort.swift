/// Puts a round's pairs, made in job and then type order, in walk order (``RankedPair``'s
/// `<`) without comparing them. A round's priorities take few values: a job's share is
/// its class's, and a job that waited, or ran, throughout the time since the allocation
/// has received exactly none, or all, of it (on the Philly trace, 573 pairs a round carry
/// 9 distinct priorities: the median; 12 at the 90th percentile). Within one priority the
/// walk takes the pairs jobs run on now first, then by job and type, which is the order
/// they were made in. So the pairs are dealt, in the order made, into one bucket per
/// priority and "runs on it now", buckets in walk order: a pass over the pairs where the
/// sort's comparisons, whose branches no predictor can learn, were a seventh of a run's
/// time. With more distinct priorities than ``maxRanks``, the whole list is sorted.
struct PairSort {
    static let maxRanks = 32

    /// Distinct ranks met (the first `rankCount`), in order of first appearance, and per
    /// pair its bucket: twice its rank's index, plus 1 unless the job runs on the pair's
    /// type now.
    private var ranks = [UInt64](repeating: 0, count: maxRanks)
    private var rankCount = 0
    /// Where each rank met is in `ranks`, by a hash of the rank (open addressing, -1:
    /// empty): pairs of several classes come interleaved in job order, and a search of
    /// the ranks met from the first was a pass's largest part.
    private var slotOfRank = [Int8](repeating: -1, count: hashSlots)
    private static let hashSlots = 2 * maxRanks
    private var bucketOf: [UInt8] = []
    /// Rank indices by rank; per bucket its next place in the walk order.
    private var order: [Int] = []
    private var next: [Int] = []

    /// Sorts `pairs`, which must be in job and then type order.
    mutating func sort(_ pairs: inout [RankedPair]) {
        guard pairs.count > 1 else { return }
        guard findBuckets(of: pairs) else {
            InPlaceSort.sort(&pairs)
            return
        }
        orderRanks()
        next.removeAll(keepingCapacity: true)
        next.append(contentsOf: repeatElement(0, count: 2 * rankCount))
        // Counted through the buffer: through the array, each count checked its uniqueness.
        next.withUnsafeMutableBufferPointer { next in
            for bucket in bucketOf { next[Int(bucket)] += 1 }
        }
        var total = 0
        for k in order {
            for bucket in 2 * k...2 * k + 1 {
                let count = next[bucket]
                next[bucket] = total
                total += count
            }
        }
        // Dealt into a new array: copying the pairs aside to deal them back cost more
        // than the deal.
        let made = pairs
        pairs = [RankedPair](unsafeUninitializedCapacity: made.count) { sorted, initialised in
            made.withUnsafeBufferPointer { made in
                bucketOf.withUnsafeBufferPointer { bucketOf in
                    next.withUnsafeMutableBufferPointer { next in
                        for i in 0..<made.count {
                            let bucket = Int(bucketOf[i])
                            (sorted.baseAddress! + next[bucket]).initialize(to: made[i])
                            next[bucket] += 1
                        }
                    }
                }
            }
            initialised = made.count
        }
        #if ORRERY_INTERNAL_CHECKS
        for i in pairs.indices.dropFirst() { precondition(pairs[i - 1] < pairs[i], "pairs not made in job and type order") }
        #endif
    }

    /// Lists the distinct ranks and each pair's bucket; false if there are more than
    /// ``maxRanks`` ranks.
    private mutating func findBuckets(of pairs: [RankedPair]) -> Bool {
        bucketOf.removeAll(keepingCapacity: true)
        bucketOf.append(contentsOf: repeatElement(0, count: pairs.count))
        var count = 0
        let fits = ranks.withUnsafeMutableBufferPointer { ranks in
            slotOfRank.withUnsafeMutableBufferPointer { slotOfRank in
                slotOfRank.update(repeating: -1)
                return bucketOf.withUnsafeMutableBufferPointer { bucketOf in
                    pairs.withUnsafeBufferPointer { pairs in
                        var last = 0
                        for i in 0..<pairs.count {
                            let rank = pairs[i].rank
                            // Pairs of one class often come together: the last rank first.
                            if count == 0 || ranks[last] != rank {
                                var slot = Int(truncatingIfNeeded: (rank &* 0x9E37_79B9_7F4A_7C15) >> 58)
                                while slotOfRank[slot] >= 0 && ranks[Int(slotOfRank[slot])] != rank {
                                    slot = (slot + 1) & (Self.hashSlots - 1)
                                }
                                if slotOfRank[slot] < 0 {
                                    guard count < Self.maxRanks else { return false }
                                    ranks[count] = rank
                                    slotOfRank[slot] = Int8(count)
                                    count += 1
                                }
                                last = Int(slotOfRank[slot])
                            }
                            bucketOf[i] = UInt8(truncatingIfNeeded: 2 * last + Int(pairs[i].tie >> 63))
                        }
                        return true
                    }
                }
            }
        }
        rankCount = count
        return fits
    }

    /// Rank indices in ascending rank (walk) order: an insertion sort of a few dozen.
    private mutating func orderRanks() {
        order.removeAll(keepingCapacity: true)
        for k in 0..<rankCount {
            var j = order.count
            order.append(k)
            while j > 0 && ranks[order[j - 1]] > ranks[k] {
                order[j] = order[j - 1]
                j -= 1
            }
            order[j] = k
        }
    }
}
