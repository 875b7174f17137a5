/// A pending event: what to do when its time comes.
///
/// `target` events cost no allocation to schedule (the handler is an existing object
/// and the tag an integer), which is what hot models use; `closure` events are the
/// convenient form for everything else.
public enum EventAction {
    case closure(() -> Void)
    case target(any EventHandler, tag: Int)
    /// A tagged event for a handler the simulation keeps (``Simulation/register(_:)``),
    /// by its number: scheduling and cancelling it counts no references.
    case registered(handler: Int, tag: Int)
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
    @inlinable init(slot: UInt32, generation: UInt32) {
        self.slot = slot
        self.generation = generation
    }
}

/// A place among events at equal times, taken before the event is scheduled
/// (``EventQueue/reserveOrder()``): the event, scheduled later, runs among events at its
/// time as if it had been scheduled when the place was taken. A model that defers
/// scheduling an event it may never need keeps the run's order of events unchanged.
public struct EventOrder: Hashable, Sendable {
    @usableFromInline let sequence: UInt64
    @inlinable init(sequence: UInt64) { self.sequence = sequence }
}

/// A priority queue of events ordered by `(time, sequence)`.
///
/// The sequence number increases with every `schedule`, so events at the same time pop
/// in the order they were scheduled: runs are deterministic without any tie-breaking
/// by address or hash. The heap is 4-ary over 24-byte entries (time, sequence, slot,
/// generation) so that a sift touches few cache lines; actions live apart in one slot
/// table whose free slots form an intrusive list, so the heap never moves an existential
/// and steady-state scheduling allocates nothing.
///
/// Cancellation is lazy: `cancel` frees the slot and bumps its generation; the heap
/// entry stays as a tombstone and is dropped when it reaches the top, or all at once
/// by compaction when tombstones outnumber live events. Generations are kept in an array
/// of their own: telling a tombstone reads 4 bytes, not a 40-byte slot (compaction reads
/// one per entry, at random; a round-based run cancels two million events).
///
/// Hot paths are `@inlinable` so models in other modules specialise them; the action is
/// moved (never copied) into and out of the slot table, which saves a retain/release
/// pair per event (measured in docs/performance.md).
public struct EventQueue {
    @usableFromInline struct Entry {
        @usableFromInline var time: Int64
        @usableFromInline var sequence: UInt64
        @usableFromInline var slot: UInt32
        @usableFromInline var generation: UInt32
        @inlinable init(time: Int64, sequence: UInt64, slot: UInt32, generation: UInt32) {
            self.time = time
            self.sequence = sequence
            self.slot = slot
            self.generation = generation
        }
    }

    /// A slot holds a pending action (nil when free) and, while free, the next free slot
    /// (`.max` ends the list).
    @usableFromInline struct Slot {
        @usableFromInline var action: EventAction?
        @usableFromInline var nextFree: UInt32
        @inlinable init(action: consuming EventAction?) {
            self.action = action
            self.nextFree = .max
        }
    }

    @usableFromInline var heap: [Entry] = []
    @usableFromInline var slots: [Slot] = []
    /// Per slot, the generation that handles and heap entries must match: bumped each
    /// time the slot is emptied, so a match means the entry's action is still pending.
    @usableFromInline var generations: [UInt32] = []
    @usableFromInline var freeHead: UInt32 = .max
    @usableFromInline var nextSequence: UInt64 = 0
    @usableFromInline var tombstones = 0

    public init() {}

    @inlinable public var count: Int { heap.count - tombstones }
    @inlinable public var isEmpty: Bool { count == 0 }
    /// Entries held in the heap, tombstones included (for tests and statistics).
    public var storedEntries: Int { heap.count }

    /// Schedules `action` at `time`. Events at equal times run in scheduling order.
    @inlinable @discardableResult
    public mutating func schedule(at time: SimTime, _ action: consuming EventAction)
        -> EventHandle
    {
        schedule(at: time, consume action, in: reserveOrder())
    }

    /// Takes the next place in the order of events at equal times, for an event
    /// scheduled later with ``schedule(at:_:in:)``.
    @inlinable public mutating func reserveOrder() -> EventOrder {
        defer { nextSequence &+= 1 }
        return EventOrder(sequence: nextSequence)
    }

    /// Schedules `action` at `time` in the place `order` (``reserveOrder()``; each place
    /// is used at most once).
    @inlinable @discardableResult
    public mutating func schedule(at time: SimTime, _ action: consuming EventAction, in order: EventOrder)
        -> EventHandle
    {
        let slot = freeHead
        guard slot != .max else {
            let fresh = UInt32(truncatingIfNeeded: slots.count)
            slots.append(Slot(action: consume action))
            generations.append(0)
            return push(time: time, sequence: order.sequence, slot: fresh, generation: 0)
        }
        slots[Int(slot)].action = consume action
        let generation = generations[Int(slot)]
        freeHead = slots[Int(slot)].nextFree
        return push(time: time, sequence: order.sequence, slot: slot, generation: generation)
    }

    @inlinable @inline(__always)
    mutating func push(time: SimTime, sequence: UInt64, slot: UInt32, generation: UInt32) -> EventHandle {
        let entry = Entry(time: time.nanoseconds, sequence: sequence, slot: slot, generation: generation)
        heap.append(entry)
        heap.withUnsafeMutableBufferPointer { h in Self.siftUp(h, from: h.count &- 1) }
        checkInvariants()
        return EventHandle(slot: slot, generation: generation)
    }

    /// Cancels a pending event. Returns false if it already ran or was cancelled.
    @discardableResult
    public mutating func cancel(_ handle: EventHandle) -> Bool {
        let slot = Int(handle.slot)
        guard slot < generations.count, generations[slot] == handle.generation else { return false }
        _ = release(slot: slot)
        tombstones += 1
        if tombstones > 1024 && tombstones > heap.count / 2 { compact() }
        checkInvariants()
        return true
    }

    /// The time of the earliest live event, if any.
    @inlinable public mutating func peekTime() -> SimTime? {
        if tombstones > 0 { dropTombstonesAtTop() }
        return heap.first.map { SimTime(nanoseconds: $0.time) }
    }

    /// Removes and returns the earliest live event.
    @inlinable public mutating func pop() -> (time: SimTime, action: EventAction)? {
        pop(notAfter: .max)
    }

    /// Removes and returns the earliest live event if its time is ≤ `horizon`: the loop's
    /// one call per event (a separate peek would check the top twice).
    @inlinable public mutating func pop(notAfter horizon: SimTime) -> (
        time: SimTime, action: EventAction
    )? {
        if tombstones > 0 { dropTombstonesAtTop() }
        guard let top = heap.first, top.time <= horizon.nanoseconds else { return nil }
        removeTop()
        let action = release(slot: Int(top.slot))
        checkInvariants()
        return (SimTime(nanoseconds: top.time), action)
    }

    /// Drops every tombstone and rebuilds the heap in O(n).
    public mutating func compact() {
        let generations = self.generations
        heap.removeAll { entry in generations[Int(entry.slot)] != entry.generation }
        tombstones = 0
        if heap.count > 1 {
            heap.withUnsafeMutableBufferPointer { h in
                for index in stride(from: (h.count - 2) / 4, through: 0, by: -1) {
                    Self.siftDown(h, from: index, moving: h[index])
                }
            }
        }
        checkInvariants()
    }

    // MARK: - Internals

    /// Empties a slot, returning its action (moved out, not copied), bumping its
    /// generation and pushing it on the free list.
    @inlinable @inline(__always)
    mutating func release(slot: Int) -> EventAction {
        let head = freeHead
        let action = slots.withUnsafeMutableBufferPointer { s in
            let action = s[slot].action.take()
            s[slot].nextFree = head
            return action
        }
        generations[slot] &+= 1
        freeHead = UInt32(truncatingIfNeeded: slot)
        return action.unsafelyUnwrapped
    }

    @usableFromInline mutating func dropTombstonesAtTop() {
        while let top = heap.first {
            if generations[Int(top.slot)] == top.generation { return }
            removeTop()
            tombstones -= 1
        }
    }

    @inlinable @inline(__always)
    mutating func removeTop() {
        let last = heap.removeLast()
        if heap.isEmpty { return }
        heap.withUnsafeMutableBufferPointer { h in Self.siftDown(h, from: 0, moving: last) }
    }

    @inlinable @inline(__always)
    static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        a.time < b.time || (a.time == b.time && a.sequence < b.sequence)
    }

    @inlinable
    static func siftUp(_ h: UnsafeMutableBufferPointer<Entry>, from index: Int) {
        var child = index
        let moving = h[child]
        while child > 0 {
            let parent = (child &- 1) >> 2
            guard precedes(moving, h[parent]) else { break }
            h[child] = h[parent]
            child = parent
        }
        h[child] = moving
    }

    /// Places `moving` at or below `index`, moving smaller children up through a hole.
    @inlinable
    static func siftDown(_ h: UnsafeMutableBufferPointer<Entry>, from index: Int, moving: Entry) {
        let n = h.count
        var hole = index
        while true {
            let first = 4 &* hole &+ 1
            if first >= n { break }
            var best = first
            let end = Swift.min(first &+ 4, n)
            var c = first &+ 1
            while c < end {
                if precedes(h[c], h[best]) { best = c }
                c &+= 1
            }
            guard precedes(h[best], moving) else { break }
            h[hole] = h[best]
            hole = best
        }
        h[hole] = moving
    }
}
