/// Puts a round's pairs, made in job and then type order, in walk order (``RankedPair``'s
/// `<`) without comparing them. A round's priorities take few values: a job's share is
/// its class's, and a job that waited, or ran, throughout the time since the allocation
/// has received exactly none, or all, of it (on the Philly trace, 573 pairs a round carry
/// 9 distinct priorities: the median; 12 at the 90th percentile). Within one priority the
/// walk takes the pairs jobs run on now first, then by job and type, which is the order
/// they were made in. So the pairs are linked, in the order made, into one bucket per
/// priority and "runs on it now", and walked bucket by bucket in walk order: a pass over
/// the pairs where the sort's comparisons, whose branches no predictor can learn, were a
/// seventh of a run's time. With more distinct priorities than ``maxRanks``, the whole
/// list is sorted.
struct PairSort {
    static let maxRanks = 32

    /// Distinct ranks met (the first `rankCount`), in order of first appearance.
    private var ranks = [UInt64](repeating: 0, count: maxRanks)
    private var rankCount = 0
    /// Where each rank met is in `ranks`, by a hash of the rank (open addressing, -1:
    /// empty): pairs of several classes come interleaved in job order, and a search of
    /// the ranks met from the first was a pass's largest part.
    private var slotOfRank = [Int8](repeating: -1, count: hashSlots)
    private static let hashSlots = 2 * maxRanks
    /// Per bucket (twice its rank's index, plus 1 unless the job runs on the pair's type
    /// now), its chain of pairs in the order made. A walk follows the chains, buckets in
    /// walk order: dealing the pairs into a sorted list cost more than the round's walk,
    /// which stops once every GPU is chosen, most often before the last pair.
    ///
    /// `next` holds, for each of the `pairCount` pairs, the next pair of its chain (-1:
    /// none), then for each bucket its first pair: so linking a pair behind its bucket's
    /// `last` (its head's slot while the bucket is empty) is the same write for the first
    /// pair and the others, with no branch to mispredict.
    private var next: [Int32] = []
    private var last = [Int32](repeating: 0, count: buckets)
    private var pairCount = 0
    private static let buckets = 2 * maxRanks
    /// Rank indices by rank; whether the pairs were sorted instead (too many ranks).
    private var order: [Int] = []
    private var isSorted = false

    /// Makes `pairs`, which must be in job and then type order, ready for a walk
    /// (``walk(_:_:)``): links them into their buckets' chains, or sorts them.
    mutating func arrange(_ pairs: inout [RankedPair]) {
        isSorted = !linkBuckets(of: pairs)
        if isSorted {
            InPlaceSort.sort(&pairs)
        } else {
            orderRanks()
        }
    }

    /// Calls `body` with `pairs`, arranged by ``arrange(_:)``, in walk order until it
    /// returns false.
    @inline(__always)
    func walk(_ pairs: UnsafeBufferPointer<RankedPair>, _ body: (RankedPair) -> Bool) {
        // The chains index the pairs arranged, unchecked below.
        precondition(isSorted || pairs.count == pairCount, "\(pairs.count) pairs walked, \(pairCount) arranged")
        if isSorted {
            for pair in pairs where !body(pair) { return }
            return
        }
        next.withUnsafeBufferPointer { next in
            for k in order {
                for bucket in 2 * k...2 * k + 1 {
                    var pair = Int(next[pairCount + bucket])
                    while pair >= 0 {
                        if !body(pairs[pair]) { return }
                        pair = Int(next[pair])
                    }
                }
            }
        }
    }

    /// Lists the distinct ranks and links each pair into its bucket's chain; false if
    /// there are more than ``maxRanks`` ranks.
    private mutating func linkBuckets(of pairs: [RankedPair]) -> Bool {
        precondition(pairs.count <= Int(Int32.max) - Self.buckets, "\(pairs.count) pairs in a round")
        pairCount = pairs.count
        // Every slot is written before it is read: grown, never filled.
        if next.count < pairs.count + Self.buckets { next = [Int32](repeating: -1, count: 2 * pairs.count + Self.buckets) }
        let heads = pairs.count
        var count = 0
        let fits = ranks.withUnsafeMutableBufferPointer { ranks in
            slotOfRank.withUnsafeMutableBufferPointer { slotOfRank in
                slotOfRank.update(repeating: -1)
                return last.withUnsafeMutableBufferPointer { last in
                    next.withUnsafeMutableBufferPointer { next in
                        for bucket in 0..<Self.buckets { last[bucket] = Int32(heads + bucket) }
                        defer { for bucket in 0..<Self.buckets { next[Int(last[bucket])] = -1 } }
                        return pairs.withUnsafeBufferPointer { pairs in
                            var latest = 0
                            for i in 0..<pairs.count {
                                let rank = pairs[i].rank
                                // Pairs of one class often come together: the latest rank first.
                                if count == 0 || ranks[latest] != rank {
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
                                    latest = Int(slotOfRank[slot])
                                }
                                let bucket = 2 * latest + Int(pairs[i].tie >> 63)
                                next[Int(last[bucket])] = Int32(i)
                                last[bucket] = Int32(i)
                            }
                            return true
                        }
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
