/// A binary min-heap of small value entries: the waiting queues of sessions. Elements
/// must have a strict total order (sessions break ties by arrival), so the pop order is
/// deterministic.
struct MinHeap<Element: Comparable> {
    private(set) var elements: [Element] = []

    init() {}

    /// A heap of `elements`, built in linear time (bottom-up): cheaper than sorting when
    /// only the first few will be taken.
    init(heapifying elements: [Element]) {
        self.elements = elements
        var parent = elements.count / 2 - 1
        while parent >= 0 {
            siftDown(from: parent)
            parent -= 1
        }
        checkInvariants()
    }

    var isEmpty: Bool { elements.isEmpty }
    var count: Int { elements.count }
    var min: Element? { elements.first }

    mutating func push(_ element: Element) {
        elements.append(element)
        var child = elements.count - 1
        // Move the new element up through a hole instead of swapping.
        while child > 0 {
            let parent = (child - 1) / 2
            guard element < elements[parent] else { break }
            elements[child] = elements[parent]
            child = parent
        }
        elements[child] = element
        checkInvariants()
    }

    @discardableResult
    mutating func popMin() -> Element? {
        guard let last = elements.popLast() else { return nil }
        guard !elements.isEmpty else { return last }
        let top = elements[0]
        elements[0] = last
        siftDown(from: 0)
        checkInvariants()
        return top
    }

    /// Moves the element at `start` down through a hole to where it belongs.
    /// Through the array's buffer: through the array, each move checked its uniqueness
    /// (the round scheduler heaps a pass's waiting pairs).
    private mutating func siftDown(from start: Int) {
        elements.withUnsafeMutableBufferPointer { elements in
            precondition(elements.indices.contains(start), "sifting from outside the heap")
            let moving = elements[start]
            var parent = start
            let count = elements.count
            while true {
                var child = 2 * parent + 1
                guard child < count else { break }
                if child + 1 < count && elements[child + 1] < elements[child] { child += 1 }
                guard elements[child] < moving else { break }
                elements[parent] = elements[child]
                parent = child
            }
            elements[parent] = moving
        }
    }
}

/// A waiting job's place in a session's order: a policy key (smaller first), then arrival
/// order, which makes the order total.
struct QueueKey: Comparable {
    var key: Int64
    var arrival: Int
    var job: Int

    static func < (a: QueueKey, b: QueueKey) -> Bool {
        a.key != b.key ? a.key < b.key : a.arrival < b.arrival
    }
}
