/// One value per job of a run, written in place: a fixed-length buffer its owner (a
/// model, a session) keeps to itself. An `Array` kept in an object checks that its
/// storage is unshared on every write; a round-based run writes these millions of times
/// (a start or a stop writes half a dozen), and the checks were a fifth of a start's
/// cost. Indices are checked.
final class JobColumn<Element> {
    @exclusivity(unchecked) private var elements: CheckedElements<Element>

    init(repeating value: Element, count: Int) {
        elements = CheckedElements(base: .allocate(capacity: Swift.max(count, 1)), count: count)
        elements.base.initialize(repeating: value, count: count)
    }

    init(_ values: [Element]) {
        elements = CheckedElements(base: .allocate(capacity: Swift.max(values.count, 1)), count: values.count)
        _ = UnsafeMutableBufferPointer(start: elements.base, count: values.count).initialize(from: values)
    }

    deinit {
        elements.base.deinitialize(count: elements.count)
        elements.base.deallocate()
    }

    var count: Int { elements.count }

    /// Where element `index` is, checked once: for code that reads and writes several
    /// fields of one row (a round-based run stops and starts millions of runs, and each
    /// access through the subscript loads the storage and checks the index again). Valid
    /// until the column grows.
    func address(of index: Int) -> UnsafeMutablePointer<Element> { elements.address(of: index) }

    subscript(index: Int) -> Element {
        get { elements[index] }
        _modify { yield &elements[index] }
    }

    /// Lengthens the column to `count` values (at least), the new ones `value`: for
    /// owners that learn of jobs as they go (a policy's definition run on any queue).
    func grow(to count: Int, filling value: Element) {
        guard count > elements.count else { return }
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: count)
        grown.moveInitialize(from: elements.base, count: elements.count)
        (grown + elements.count).initialize(repeating: value, count: count - elements.count)
        elements.base.deallocate()
        elements = CheckedElements(base: grown, count: count)
    }
}

/// Job indices in a list its owner keeps to itself, appended and removed in place (see
/// ``JobColumn``): a session's lists of jobs waiting, running, or changed since its
/// last pass.
final class JobList {
    /// The jobs listed (`count` of them) at the front of room for `capacity`.
    @exclusivity(unchecked) private var elements: CheckedElements<Int>
    @exclusivity(unchecked) private var capacity: Int

    init(capacity: Int = 16) {
        self.capacity = Swift.max(capacity, 1)
        elements = CheckedElements(base: .allocate(capacity: self.capacity), count: 0)
    }

    deinit { elements.base.deallocate() }

    var count: Int { elements.count }
    var isEmpty: Bool { elements.count == 0 }

    subscript(position: Int) -> Int {
        get { elements[position] }
        set { elements[position] = newValue }
    }

    @inline(__always)
    func append(_ job: Int) {
        if elements.count == capacity { grow() }
        (elements.base + elements.count).initialize(to: job)
        elements.count += 1
    }

    @inline(never)
    private func grow() {
        let grown = UnsafeMutablePointer<Int>.allocate(capacity: capacity * 2)
        grown.moveInitialize(from: elements.base, count: elements.count)
        elements.base.deallocate()
        elements.base = grown
        capacity *= 2
    }

    func removeLast() -> Int {
        precondition(elements.count > 0, "removeLast of an empty list")
        elements.count -= 1
        return elements.base[elements.count]
    }

    /// Empties the list, keeping its storage.
    func removeAll() { elements.count = 0 }

    /// The jobs in list order.
    var jobs: [Int] { (0..<elements.count).map { elements[$0] } }
}

/// `count` values at `base`, indexed with a check: the storage of ``JobColumn`` and
/// ``JobList``, which allocate and free it.
private struct CheckedElements<Element> {
    var base: UnsafeMutablePointer<Element>
    var count: Int

    func address(of index: Int) -> UnsafeMutablePointer<Element> {
        precondition(UInt(bitPattern: index) < UInt(bitPattern: count), "index outside a column or a list")
        return base + index
    }

    subscript(index: Int) -> Element {
        get {
            precondition(UInt(bitPattern: index) < UInt(bitPattern: count), "index outside a column or a list")
            return base[index]
        }
        nonmutating _modify {
            precondition(UInt(bitPattern: index) < UInt(bitPattern: count), "index outside a column or a list")
            yield &base[index]
        }
    }
}
