/// A pending event: what to do when its time comes.
///
/// `target` events cost no allocation to schedule (the handler is an existing object
/// and the tag an integer), which is what hot models use; `closure` events are the
/// convenient form for everything else.
public enum EventAction {
    case closure(() -> Void)
    case target(any EventHandler, tag: Int)
}

/// An object that receives tagged events from the queue without a closure per event.
public protocol EventHandler: AnyObject {
    func handleEvent(tag: Int, at time: SimTime)
}

/// Identifies a scheduled event so it can be cancelled. Stale handles (the event ran,
/// or was cancelled already) are recognised and ignored.
public struct EventHandle: Hashable, Sendable {
    @usableFromInline let slot: UInt32
    @usableFromInline let generation: UInt32
}

/// A priority queue of events ordered by `(time, sequence)`.
///
/// The sequence number increases with every `schedule`, so events at the same time pop
/// in the order they were scheduled: runs are deterministic without any tie-breaking
/// by address or hash. The heap is 4-ary over 24-byte entries (time, sequence, slot,
/// generation) so that a sift touches few cache lines; actions live apart in a slot
/// table with a free list, so the heap never moves an existential.
///
/// Cancellation is lazy: `cancel` frees the slot and bumps its generation; the heap
/// entry stays as a tombstone and is dropped when it reaches the top, or all at once
/// by compaction when tombstones outnumber live events.
public struct EventQueue {
    @usableFromInline struct Entry {
        var time: Int64
        var sequence: UInt64
        var slot: UInt32
        var generation: UInt32
    }

    @usableFromInline var heap: [Entry] = []
    @usableFromInline var actions: [EventAction?] = []
    @usableFromInline var generations: [UInt32] = []
    @usableFromInline var freeSlots: [UInt32] = []
    @usableFromInline var nextSequence: UInt64 = 0
    /// Heap entries whose event was cancelled but which are still in `heap`.
    @usableFromInline var tombstones = 0

    public init() {}

    /// Number of live (scheduled, not cancelled) events.
    @inlinable public var count: Int { heap.count - tombstones }
    @inlinable public var isEmpty: Bool { count == 0 }
    /// Entries held in the heap, tombstones included (for tests and statistics).
    public var storedEntries: Int { heap.count }

    /// Schedules `action` at `time`. Events at equal times run in scheduling order.
    @discardableResult
    public mutating func schedule(at time: SimTime, _ action: EventAction) -> EventHandle {
        let slot: UInt32
        if let free = freeSlots.popLast() {
            slot = free
            actions[Int(slot)] = action
        } else {
            slot = UInt32(truncatingIfNeeded: actions.count)
            actions.append(action)
            generations.append(0)
        }
        let entry = Entry(
            time: time.nanoseconds, sequence: nextSequence, slot: slot,
            generation: generations[Int(slot)])
        nextSequence &+= 1
        heap.append(entry)
        siftUp(from: heap.count - 1)
        checkInvariants()
        return EventHandle(slot: slot, generation: entry.generation)
    }

    /// Cancels a pending event. Returns false if it already ran or was cancelled.
    @discardableResult
    public mutating func cancel(_ handle: EventHandle) -> Bool {
        let slot = Int(handle.slot)
        guard slot < generations.count, generations[slot] == handle.generation,
            actions[slot] != nil
        else { return false }
        release(slot: slot)
        tombstones += 1
        if tombstones > 1024 && tombstones > heap.count / 2 { compact() }
        return true
    }

    /// The time of the earliest live event, if any.
    public mutating func peekTime() -> SimTime? {
        dropTombstonesAtTop()
        return heap.first.map { SimTime(nanoseconds: $0.time) }
    }

    /// Removes and returns the earliest live event.
    public mutating func pop() -> (time: SimTime, action: EventAction)? {
        dropTombstonesAtTop()
        guard let top = heap.first else { return nil }
        removeTop()
        let slot = Int(top.slot)
        let action = actions[slot]!  // live: dropTombstonesAtTop checked the generation
        release(slot: slot)
        checkInvariants()
        return (SimTime(nanoseconds: top.time), action)
    }

    /// Drops every tombstone and rebuilds the heap in O(n).
    public mutating func compact() {
        let generations = self.generations, actions = self.actions
        heap.removeAll { entry in
            generations[Int(entry.slot)] != entry.generation || actions[Int(entry.slot)] == nil
        }
        tombstones = 0
        if heap.count > 1 {
            for index in stride(from: (heap.count - 2) / 4, through: 0, by: -1) {
                siftDown(from: index)
            }
        }
        checkInvariants()
    }

    // MARK: - Internals

    @usableFromInline func isLive(_ entry: Entry) -> Bool {
        generations[Int(entry.slot)] == entry.generation && actions[Int(entry.slot)] != nil
    }

    @usableFromInline mutating func release(slot: Int) {
        actions[slot] = nil
        generations[slot] &+= 1
        freeSlots.append(UInt32(truncatingIfNeeded: slot))
    }

    @usableFromInline mutating func dropTombstonesAtTop() {
        while let top = heap.first, !isLive(top) {
            removeTop()
            tombstones -= 1
        }
    }

    @usableFromInline mutating func removeTop() {
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(from: 0)
        }
    }

    @inline(__always) @usableFromInline
    static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        a.time < b.time || (a.time == b.time && a.sequence < b.sequence)
    }

    /// Moves the entry at `index` up through a hole rather than by repeated swaps.
    @usableFromInline mutating func siftUp(from index: Int) {
        heap.withUnsafeMutableBufferPointer { h in
            var child = index
            let moving = h[child]
            while child > 0 {
                let parent = (child - 1) >> 2
                guard Self.precedes(moving, h[parent]) else { break }
                h[child] = h[parent]
                child = parent
            }
            h[child] = moving
        }
    }

    @usableFromInline mutating func siftDown(from index: Int) {
        heap.withUnsafeMutableBufferPointer { h in
            let n = h.count
            var hole = index
            let moving = h[hole]
            while true {
                let first = 4 * hole + 1
                if first >= n { break }
                var best = first
                let end = Swift.min(first + 4, n)
                var c = first + 1
                while c < end {
                    if Self.precedes(h[c], h[best]) { best = c }
                    c += 1
                }
                guard Self.precedes(h[best], moving) else { break }
                h[hole] = h[best]
                hole = best
            }
            h[hole] = moving
        }
    }
}
