/// A (job, type) pair a round walks, with its place in the walk as two integers (a round
/// orders every pair present, tens of thousands of rounds a run). `<` is the walk order;
/// no two pairs tie (a job has one pair per type). Sixteen bytes, so that the sort moves
/// two words per pair: the GPU count rides in the tie's lowest bits, below the job and
/// type, which alone decide the order.
struct RankedPair: Comparable {
    /// The priority's bits, inverted: priorities are never negative, and the bit
    /// patterns of non-negative doubles order as the values do, so a smaller `rank` is a
    /// higher priority.
    var rank: UInt64
    /// The ties, in order: the pair the job runs on now first (keeping it there costs no
    /// restart), then job index, then type; then the job's GPU count (never decides).
    var tie: UInt64

    /// Bits of the tie below the current-pair flag (bit 63).
    private static let jobBits = 31, typeBits = 12, gpuBits = 20
    private static let typeShift = UInt64(gpuBits), jobShift = UInt64(gpuBits + typeBits)

    /// The largest job index, GPU type index and GPU count a pair holds.
    static let maxJob = 1 << jobBits - 1, maxType = 1 << typeBits - 1, maxGPUs = 1 << gpuBits - 1

    init(job: Int, type: Int, gpus: Int, priority: Double, isCurrent: Bool) {
        #if ORRERY_INTERNAL_CHECKS
        precondition(priority >= 0 && (0...Self.maxType).contains(type) && (0...Self.maxJob).contains(job))
        precondition((0...Self.maxGPUs).contains(gpus))
        #endif
        rank = ~priority.bitPattern
        tie = (isCurrent ? 0 : 1 << 63) | UInt64(job) << Self.jobShift | UInt64(type) << Self.typeShift | UInt64(gpus)
    }

    var job: Int { Int((tie >> Self.jobShift) & UInt64(Self.maxJob)) }
    var type: Int { Int((tie >> Self.typeShift) & UInt64(Self.maxType)) }
    var gpus: Int { Int(tie & UInt64(Self.maxGPUs)) }

    /// Rank, then tie: one 128-bit comparison, without a branch on the ranks (a round
    /// compares thousands of pairs, and which way the ranks go is hard to predict).
    static func < (a: RankedPair, b: RankedPair) -> Bool {
        (UInt128(a.rank) << 64 | UInt128(a.tie)) < (UInt128(b.rank) << 64 | UInt128(b.tie))
    }
}
