/// The GPUs a job holds on one node, by index within the node, as a bit set: ascending
/// when iterated, and a plain value (no reference to count) that is built, copied and
/// freed without touching the heap. A round-based policy places millions of runs, and an
/// array per placement was a tenth of their cost.
///
/// A node holds at most ``capacity`` GPUs (scenario validation says so before a run).
public struct GPUSet: Sendable, Hashable {
    /// The most GPUs a node may have for jobs to be placed on it: 64, eight times the
    /// widest node of the catalogue.
    public static let capacity = 64

    private var bits: UInt64 = 0

    public init() {}

    public init<GPUs: Sequence>(_ gpus: GPUs) where GPUs.Element == Int {
        for gpu in gpus { insert(gpu) }
    }

    /// Adds GPU `gpu`, an index below ``capacity``.
    public mutating func insert(_ gpu: Int) {
        precondition((0..<Self.capacity).contains(gpu), "GPU index \(gpu) outside 0..<\(Self.capacity)")
        bits |= 1 << UInt64(gpu)
    }

    public func contains(_ gpu: Int) -> Bool {
        (0..<Self.capacity).contains(gpu) && bits & (1 << UInt64(gpu)) != 0
    }

    /// The first `count` GPUs of the set (all of them if it holds fewer).
    func lowest(_ count: Int) -> GPUSet {
        var rest = bits, taken: UInt64 = 0
        for _ in 0..<Swift.max(0, count) where rest != 0 {
            let lowest = rest & (~rest &+ 1)
            taken |= lowest
            rest &= rest - 1
        }
        var set = GPUSet()
        set.bits = taken
        return set
    }

    /// Whether every GPU of the set is below `count`. Inlined: the cluster checks it at
    /// every change of whole GPUs.
    @inline(__always)
    func isBelow(_ count: Int) -> Bool { count >= Self.capacity || bits >> UInt64(Swift.max(count, 0)) == 0 }
    func isSubset(of other: GPUSet) -> Bool { bits & ~other.bits == 0 }
    func isDisjoint(with other: GPUSet) -> Bool { bits & other.bits == 0 }
    mutating func formUnion(_ other: GPUSet) { bits |= other.bits }
    mutating func subtract(_ other: GPUSet) { bits &= ~other.bits }
    /// Takes `gpus` out of this set, a node's wholly free GPUs (`holding`), or puts them
    /// back: taking GPUs that are not free, or putting back GPUs that are, is a
    /// programming error. Inlined: every change of whole GPUs makes one.
    @inline(__always)
    mutating func change(_ gpus: GPUSet, holding: Bool, node: Int) {
        if holding {
            precondition(gpus.isSubset(of: self), "GPUs \(gpus) of node \(node) over-allocated")
            subtract(gpus)
        } else {
            precondition(gpus.isDisjoint(with: self), "GPUs \(gpus) of node \(node) released twice")
            formUnion(gpus)
        }
    }
    func subtracting(_ other: GPUSet) -> GPUSet {
        var set = self
        set.subtract(other)
        return set
    }
}

extension GPUSet: Collection {
    /// A GPU index; ``endIndex`` is ``capacity``.
    public typealias Index = Int

    public var startIndex: Int { bits == 0 ? Self.capacity : bits.trailingZeroBitCount }
    public var endIndex: Int { Self.capacity }

    public subscript(position: Int) -> Int {
        precondition(contains(position), "GPU \(position) is not in the set")
        return position
    }

    public func index(after position: Int) -> Int {
        let above = position + 1 >= Self.capacity ? 0 : bits & (~0 << UInt64(position + 1))
        return above == 0 ? Self.capacity : above.trailingZeroBitCount
    }

    public func makeIterator() -> Iterator { Iterator(remaining: bits) }

    /// Walks the set bit by bit, lowest first.
    public struct Iterator: IteratorProtocol {
        fileprivate var remaining: UInt64

        public mutating func next() -> Int? {
            guard remaining != 0 else { return nil }
            let gpu = remaining.trailingZeroBitCount
            remaining &= remaining - 1
            return gpu
        }
    }

    public var count: Int { bits.nonzeroBitCount }
    public var isEmpty: Bool { bits == 0 }
}

extension GPUSet: ExpressibleByArrayLiteral {
    public init(arrayLiteral gpus: Int...) {
        self.init(gpus)
    }
}

extension GPUSet: CustomStringConvertible {
    public var description: String { Array(self).description }
}
