/// A (job, type) pair a round walks, with its place in the walk as two integers (a round
/// orders every pair present, tens of thousands of rounds a run). `<` is the walk order;
/// no two pairs tie (a job has one pair per type).
struct RankedPair: Comparable {
    /// The priority's bits, inverted: priorities are never negative, and the bit
    /// patterns of non-negative doubles order as the values do, so a smaller `rank` is a
    /// higher priority.
    var rank: UInt64
    /// The ties, in order: the pair the job runs on now first (keeping it there costs no
    /// restart), then job index, then type.
    var tie: UInt64
    private var gpuCount: Int32
    /// Where the pass found the job (its position among the waiting or running jobs).
    private var foundAt: Int32

    init(job: Int, type: Int, gpus: Int, priority: Double, isCurrent: Bool, position: Int) {
        #if ORRERY_INTERNAL_CHECKS
        precondition(priority >= 0 && (0..<1 << 16).contains(type) && (0..<1 << 47).contains(job))
        #endif
        rank = ~priority.bitPattern
        tie = (isCurrent ? 0 : 1 << 63) | UInt64(job) << 16 | UInt64(type)
        gpuCount = Int32(clamping: gpus)
        foundAt = Int32(clamping: position)
    }

    var job: Int { Int((tie & ~(1 << 63)) >> 16) }
    var type: Int { Int(tie & 0xFFFF) }
    var gpus: Int { Int(gpuCount) }
    var position: Int { Int(foundAt) }

    /// Rank, then tie: one 128-bit comparison, without a branch on the ranks (a round
    /// compares thousands of pairs, and which way the ranks go is hard to predict).
    static func < (a: RankedPair, b: RankedPair) -> Bool {
        (UInt128(a.rank) << 64 | UInt128(a.tie)) < (UInt128(b.rank) << 64 | UInt128(b.tie))
    }
}
