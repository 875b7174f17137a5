extension EventQueue {
    /// Checks heap order and the tombstone count; compiled only with
    /// `ORRERY_INTERNAL_CHECKS` (debug builds), so release runs pay nothing.
    @inlinable @inline(__always)
    func checkInvariants() {
        #if ORRERY_INTERNAL_CHECKS
        _checkInvariants()
        #endif
    }

    @usableFromInline func _checkInvariants() {
        // A full check on every operation would make debug runs quadratic; check
        // fully while small, and the local shape always.
        if heap.count <= 256 {
            for index in 1..<Swift.max(heap.count, 1) {
                precondition(
                    !Self.precedes(heap[index], heap[(index - 1) >> 2]),
                    "event heap out of order at \(index)")
            }
            let dead = heap.reduce(0) { $0 + (isLive($1) ? 0 : 1) }
            precondition(dead == tombstones, "tombstone count \(tombstones) != \(dead)")
        }
        precondition(tombstones >= 0 && tombstones <= heap.count, "tombstones out of range")
        precondition(actions.count == generations.count, "slot tables disagree")
    }
}
