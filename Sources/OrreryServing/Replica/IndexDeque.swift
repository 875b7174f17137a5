/// A fixed-capacity double-ended queue of request slots (a ring buffer): the waiting
/// queue, where arrivals join the back and preempted sequences return to the front.
/// Its storage is allocated once, so pushes and pops never allocate.
struct IndexDeque {
    private var storage: [Int]
    private var head = 0
    private(set) var count = 0

    /// `capacity` must bound the number of elements ever held at once.
    init(capacity: Int) { storage = Array(repeating: 0, count: Swift.max(capacity, 1)) }

    var isEmpty: Bool { count == 0 }
    var first: Int? { count == 0 ? nil : storage[head] }

    mutating func pushBack(_ value: Int) {
        precondition(count < storage.count, "IndexDeque capacity exceeded")
        storage[(head + count) % storage.count] = value
        count += 1
    }

    mutating func pushFront(_ value: Int) {
        precondition(count < storage.count, "IndexDeque capacity exceeded")
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
}
