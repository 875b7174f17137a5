extension MinHeap {
    /// Checks heap order; compiled only with `ORRERY_INTERNAL_CHECKS` (debug builds), and
    /// only while small, so debug runs stay linear.
    func checkInvariants() {
        #if ORRERY_INTERNAL_CHECKS
        guard elements.count <= 256 else { return }
        for index in elements.indices.dropFirst() {
            precondition(!(elements[index] < elements[(index - 1) / 2]), "session heap out of order at \(index)")
        }
        #endif
    }
}

extension MinTree {
    /// Checks that every inner node is the minimum of its children (debug builds, small
    /// trees only).
    func checkInvariants() {
        #if ORRERY_INTERNAL_CHECKS
        guard nodes.count <= 1024 else { return }
        for node in 1..<size {
            precondition(nodes[node] == Swift.min(nodes[2 * node], nodes[2 * node + 1]), "duration tree out of step at \(node)")
        }
        #endif
    }
}
