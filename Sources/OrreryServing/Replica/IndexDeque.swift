/// A double-ended queue of request slots (a ring buffer): the waiting queue, where
/// arrivals join the back and preempted sequences return to the front.
///
/// Storage doubles when full, so a replica holds room for the longest queue it has seen,
/// not for every request of the trace (64 replicas × 1M requests would be 512 MB); once
/// grown, pushes and pops never allocate.
struct IndexDeque {
    private var storage: [Int]
    private var head = 0
    private(set) var count = 0

    /// `capacity` is the initial room; the queue grows beyond it as needed.
    init(capacity: Int) { storage = Array(repeating: 0, count: Swift.max(capacity, 1)) }

    var isEmpty: Bool { count == 0 }
    var first: Int? { count == 0 ? nil : storage[head] }

    mutating func pushBack(_ value: Int) {
        if count == storage.count { grow() }
        storage[(head + count) % storage.count] = value
        count += 1
    }

    mutating func pushFront(_ value: Int) {
        if count == storage.count { grow() }
        head = (head - 1 + storage.count) % storage.count
        storage[head] = value
        count += 1
    }

    @discardableResult
    mutating func popFront() -> Int? {
        guard count > 0 else { return nil }
        let value = storage[head]
        head = (head + 1) % storage.count
        count -= 1
        return value
    }

    /// Doubles the storage, moving the elements to its start in queue order.
    private mutating func grow() {
        var larger = [Int]()
        larger.reserveCapacity(2 * storage.count)
        for i in 0..<count { larger.append(storage[(head + i) % storage.count]) }
        larger.append(contentsOf: repeatElement(0, count: 2 * storage.count - count))
        storage = larger
        head = 0
    }
}
