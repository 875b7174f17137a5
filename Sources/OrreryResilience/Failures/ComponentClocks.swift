import OrreryKernel

/// Next-failure times of every component of one Weibull failure mode, in a binary
/// min-heap with lazy invalidation: renewing a component bumps its generation and pushes
/// a fresh entry, and stale entries are dropped when they surface.
///
/// A Weibull process is not memoryless, so unlike exponential modes it cannot be pooled
/// into one Poisson stream; one clock per component keeps the cost per failure O(log n).
struct ComponentClocks {
    private struct Entry {
        var time: SimTime
        var component: Int32
        var generation: UInt32
    }

    private var heap: [Entry] = []
    private var generation: [UInt32]

    init(components: Int) {
        generation = Array(repeating: 0, count: components)
        heap.reserveCapacity(components + 64)
    }

    /// Sets component `index`'s next failure to `time`, discarding its previous clock.
    mutating func set(_ index: Int, to time: SimTime) {
        generation[index] &+= 1
        push(Entry(time: time, component: Int32(index), generation: generation[index]))
    }

    /// The earliest live clock's time (stale entries on top are dropped first).
    var earliest: SimTime? {
        mutating get {
            while let top = heap.first, top.generation != generation[Int(top.component)] { removeTop() }
            return heap.first?.time
        }
    }

    /// The earliest live clock, removed from the heap.
    mutating func popEarliest() -> (time: SimTime, component: Int)? {
        while let top = heap.first {
            removeTop()
            if top.generation == generation[Int(top.component)] { return (top.time, Int(top.component)) }
        }
        return nil
    }

    private mutating func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entry.time < heap[parent].time else { break }
            heap[child] = heap[parent]
            child = parent
        }
        heap[child] = entry
    }

    private mutating func removeTop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        var hole = 0
        let count = heap.count
        while true {
            var child = 2 * hole + 1
            guard child < count else { break }
            if child + 1 < count, heap[child + 1].time < heap[child].time { child += 1 }
            guard heap[child].time < last.time else { break }
            heap[hole] = heap[child]
            hole = child
        }
        heap[hole] = last
    }
}
