/// A numeric format a GPU computes in; selects which peak FLOP/s applies to an op.
///
/// Declaration order (widest first) is the canonical order for listings and for a
/// ``GPUSpec``'s peak table, so output is deterministic.
public enum Precision: String, CaseIterable, Hashable, Sendable {
    case fp64, fp32, tf32, bf16, fp16, fp8, fp4

    /// Storage size of one element, in bytes, used to turn element counts into HBM traffic.
    ///
    /// TF32 is a tensor-core compute mode over FP32 storage, so it moves 4 bytes. FP4 is
    /// half a byte; block-scaled FP4 formats (NVFP4, MXFP4) add one 8-bit scale per 16–32
    /// elements, a ≤ 12.5 % overhead this figure deliberately leaves out.
    public var bytesPerElement: Double {
        switch self {
        case .fp64: 8
        case .fp32, .tf32: 4
        case .bf16, .fp16: 2
        case .fp8: 1
        case .fp4: 0.5
        }
    }
}

extension Precision: Comparable {
    /// Declaration order, widest format first: the order of listings and peak tables.
    public static func < (lhs: Precision, rhs: Precision) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? Self.allCases.count }
}
