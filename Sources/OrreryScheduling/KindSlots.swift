/// The kinds of job on a node, for placements that group jobs by demand
/// (``GPUClusteringPlacement``): up to four distinct kinds with their job counts, in plain
/// values so a node stays free of references (copying a cluster view copies bytes).
///
/// A node holding more than four kinds at once counts the extra jobs in `others` without
/// their kind; it is "mixed" either way, which is all grouping needs.
public struct KindSlots: Sendable {
    private var kinds: (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)
    private var counts: (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)
    /// Jobs whose kind found no slot.
    public private(set) var others: Int32 = 0

    public init() {}

    /// Distinct kinds present (jobs without a slot count as one more kind).
    public var distinct: Int {
        (0..<4).reduce(others > 0 ? 1 : 0) { $0 + (count(at: $1) > 0 ? 1 : 0) }
    }

    public var isEmpty: Bool { distinct == 0 }

    /// Whether a job of `kind` is on the node (among the four tracked kinds).
    public func contains(_ kind: Int) -> Bool {
        (0..<4).contains { count(at: $0) > 0 && self.kind(at: $0) == Int32(truncatingIfNeeded: kind) }
    }

    mutating func add(_ kind: Int) {
        let value = Int32(truncatingIfNeeded: kind)
        if let slot = (0..<4).first(where: { count(at: $0) > 0 && self.kind(at: $0) == value }) {
            setCount(at: slot, count(at: slot) + 1)
        } else if let slot = (0..<4).first(where: { count(at: $0) == 0 }) {
            setKind(at: slot, value)
            setCount(at: slot, 1)
        } else {
            others += 1
        }
    }

    mutating func remove(_ kind: Int) {
        let value = Int32(truncatingIfNeeded: kind)
        if let slot = (0..<4).first(where: { count(at: $0) > 0 && self.kind(at: $0) == value }) {
            setCount(at: slot, count(at: slot) - 1)
        } else if others > 0 {
            others -= 1
        }
    }

    private func kind(at slot: Int) -> Int32 {
        switch slot {
        case 0: kinds.0
        case 1: kinds.1
        case 2: kinds.2
        default: kinds.3
        }
    }

    private func count(at slot: Int) -> Int32 {
        switch slot {
        case 0: counts.0
        case 1: counts.1
        case 2: counts.2
        default: counts.3
        }
    }

    private mutating func setKind(at slot: Int, _ value: Int32) {
        switch slot {
        case 0: kinds.0 = value
        case 1: kinds.1 = value
        case 2: kinds.2 = value
        default: kinds.3 = value
        }
    }

    private mutating func setCount(at slot: Int, _ value: Int32) {
        switch slot {
        case 0: counts.0 = value
        case 1: counts.1 = value
        case 2: counts.2 = value
        default: counts.3 = value
        }
    }
}
