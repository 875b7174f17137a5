/// Nodes bucketed by GPU type and count of wholly free GPUs, as bitsets over node
/// positions, so "the lowest-numbered node of type t with exactly k free GPUs" is a few
/// word scans instead of a pass over every node.
///
/// Layout: one bitset of `words` 64-bit words per (type, free count) pair, flat in one
/// array: `bits[((type × (maxFree + 1)) + free) × words + w]`. A cluster of 1,250 nodes,
/// one type and 8 GPUs per node takes 9 × 20 words. Value type: copying a cluster view
/// copies the array once, on its first change.
struct FreeCountIndex: Sendable {
    private let types: Int
    private let maxFree: Int
    private let words: Int
    /// The bitsets, then per type its count of wholly free GPUs (at ``freeCounts`` +
    /// type, as an integer's bits): one array, so a move checks one array's uniqueness.
    private var bits: [UInt64]
    private let freeCounts: Int

    init(types: Int, nodes: Int, maxFree: Int) {
        self.types = Swift.max(types, 1)
        self.maxFree = maxFree
        words = (nodes + 63) / 64
        freeCounts = self.types * (maxFree + 1) * words
        bits = Array(repeating: 0, count: freeCounts + self.types)
    }

    private func base(type: Int, free: Int) -> Int { (type * (maxFree + 1) + free) * words }

    mutating func insert(node: Int, type: Int, free: Int) {
        bits[base(type: type, free: free) + node >> 6] |= 1 << UInt64(node & 63)
        bits[freeCounts + type] &+= UInt64(bitPattern: Int64(free))
    }

    mutating func move(node: Int, type: Int, from old: Int, to new: Int) {
        guard old != new else { return }
        // Positions of small counts, checked against the array below: products and sums
        // without overflow checks.
        let word = (type &* (maxFree &+ 1)) &* words &+ node >> 6, bit: UInt64 = 1 << UInt64(node & 63)
        let (from, to) = (word &+ old &* words, word &+ new &* words)
        // Both words in one access: through the array, each checked its uniqueness (every
        // start and stop moves a node).
        let counter = freeCounts + type
        bits.withUnsafeMutableBufferPointer { bits in
            precondition(
                from >= 0 && to >= 0 && from < counter && to < counter && counter < bits.count, "node \(node) moved outside the index")
            bits[from] &= ~bit
            bits[to] |= bit
            bits[counter] &+= UInt64(bitPattern: Int64(new - old))
        }
    }

    func contains(node: Int, type: Int, free: Int) -> Bool {
        bits[base(type: type, free: free) + node >> 6] & (1 << UInt64(node & 63)) != 0
    }

    /// Wholly free GPUs of type `type` (all types when nil; none for a negative type).
    /// Inlined: a round reads it before each start.
    @inline(__always)
    func free(type: Int?) -> Int {
        guard let type else { return (0..<types).reduce(0) { $0 + Int(Int64(bitPattern: bits[freeCounts + $1])) } }
        return type >= 0 && type < types ? Int(Int64(bitPattern: bits[freeCounts + type])) : 0
    }

    /// The lowest-numbered node of type `type` among those with the fewest wholly free
    /// GPUs, `minimum` or more; nil if none has that many. One scan of the bitsets from
    /// `minimum` free GPUs up, through the buffer: a round-based run places millions of
    /// jobs this way.
    func fullestNode(type: Int, free minimum: Int) -> Int? {
        guard type >= 0, type < types, minimum <= maxFree else { return nil }
        let words = words
        return bits.withUnsafeBufferPointer { bits in
            var at = base(type: type, free: Swift.max(minimum, 0))
            let end = base(type: type, free: maxFree) + words
            while at < end {
                let value = bits[at]
                if value != 0 { return (at % words) << 6 | value.trailingZeroBitCount }
                at += 1
            }
            return nil
        }
    }

    /// Calls `body` with each node of type `type` (any type when nil) that has exactly
    /// `free` wholly free GPUs, in ascending position, until it returns true.
    func forEach(type: Int?, free: Int, _ body: (Int) -> Bool) {
        guard free >= 0, free <= maxFree else { return }
        if let type, type < 0 || type >= types { return }
        let typeRange = type.map { $0...$0 } ?? 0...(types - 1)
        for word in 0..<words {
            var value: UInt64 = 0
            for t in typeRange { value |= bits[base(type: t, free: free) + word] }
            while value != 0 {
                let bit = value.trailingZeroBitCount
                if body(word << 6 | bit) { return }
                value &= value - 1
            }
        }
    }
}
