extension EventQueue {
    /// Checks heap order, the tombstone count and the free list; compiled only with
    /// `ORRERY_INTERNAL_CHECKS` (debug builds), so release runs pay nothing.
    @inlinable @inline(__always)
    func checkInvariants() {
        #if ORRERY_INTERNAL_CHECKS
        _checkInvariants()
        #endif
    }

    @usableFromInline func _checkInvariants() {
        precondition(tombstones >= 0 && tombstones <= heap.count, "tombstones out of range")
        // A full check on every operation would make debug runs quadratic; check fully
        // while small.
        guard heap.count <= 256 && slots.count <= 512 else { return }
        for index in 1..<Swift.max(heap.count, 1) {
            precondition(!Self.precedes(heap[index], heap[(index - 1) >> 2]), "event heap out of order at \(index)")
        }
        precondition(generations.count == slots.count, "a generation per slot")
        precondition(heap.allSatisfy { $0.sequence < nextSequence }, "an event in a place never taken")
        let dead = heap.reduce(0) { dead, entry in
            let live = generations[Int(entry.slot)] == entry.generation
            precondition(!live || slots[Int(entry.slot)].action != nil, "a live entry's slot holds no action")
            return dead + (live ? 0 : 1)
        }
        precondition(dead == tombstones, "tombstone count \(tombstones) != \(dead)")
        var free = 0
        var cursor = freeHead
        while cursor != .max {
            precondition(slots[Int(cursor)].action == nil, "a free slot holds an action")
            free += 1
            precondition(free <= slots.count, "free list has a cycle")
            cursor = slots[Int(cursor)].nextFree
        }
        precondition(free + (heap.count - tombstones) == slots.count, "slots leak: \(free) free + \(heap.count - tombstones) live != \(slots.count)")
    }
}
