import Testing
@testable import OrreryKernel

/// Records the order in which tagged events arrive.
final class Recorder: EventHandler {
    var seen: [(tag: Int, time: SimTime)] = []
    func handleEvent(tag: Int, at time: SimTime) { seen.append((tag, time)) }
}

private func tag(of action: EventAction) -> Int {
    if case .target(_, let tag) = action { return tag }
    return -1
}

@Suite struct EventQueueTests {
    @Test func popsInTimeOrder() {
        var queue = EventQueue()
        let r = Recorder()
        for (i, t) in [50, 10, 40, 20, 30].enumerated() {
            queue.schedule(at: SimTime(nanoseconds: Int64(t)), .target(r, tag: i))
        }
        var times: [Int64] = []
        while let (time, _) = queue.pop() { times.append(time.nanoseconds) }
        #expect(times == [10, 20, 30, 40, 50])
        #expect(queue.isEmpty)
    }

    @Test func equalTimesPopInSchedulingOrder() {
        var queue = EventQueue()
        let r = Recorder()
        for i in 0..<100 { queue.schedule(at: SimTime(nanoseconds: 7), .target(r, tag: i)) }
        var tags: [Int] = []
        while let (_, action) = queue.pop() { tags.append(tag(of: action)) }
        #expect(tags == Array(0..<100))
    }

    /// An event scheduled in a place taken earlier runs among equal-time events where it
    /// would have run if scheduled then; places never used leave no gap in the order.
    @Test func reservedPlacesKeepTheOrderOfEqualTimes() {
        var queue = EventQueue()
        let r = Recorder()
        let at = SimTime(nanoseconds: 9)
        queue.schedule(at: at, .target(r, tag: 0))
        let first = queue.reserveOrder()
        _ = queue.reserveOrder()  // taken and never used
        queue.schedule(at: at, .target(r, tag: 2))
        let second = queue.reserveOrder()
        queue.schedule(at: at, .target(r, tag: 4))
        queue.schedule(at: at, .target(r, tag: 3), in: second)
        queue.schedule(at: at, .target(r, tag: 1), in: first)
        queue.schedule(at: SimTime(nanoseconds: 8), .target(r, tag: -1), in: queue.reserveOrder())
        var tags: [Int] = []
        while let (_, action) = queue.pop() { tags.append(tag(of: action)) }
        #expect(tags == [-1, 0, 1, 2, 3, 4])
    }

    @Test func cancelledEventsNeverPop() {
        var queue = EventQueue()
        let r = Recorder()
        var handles: [EventHandle] = []
        for i in 0..<10 { handles.append(queue.schedule(at: SimTime(nanoseconds: Int64(i)), .target(r, tag: i))) }
        let cancels = [queue.cancel(handles[3]), queue.cancel(handles[0]), queue.cancel(handles[3])]
        #expect(cancels == [true, true, false], "a second cancel is a no-op")
        #expect(queue.count == 8)
        var tags: [Int] = []
        while let (_, action) = queue.pop() { tags.append(tag(of: action)) }
        #expect(tags == [1, 2, 4, 5, 6, 7, 8, 9])
    }

    @Test func staleHandleDoesNotCancelSlotReuser() {
        var queue = EventQueue()
        let r = Recorder()
        let first = queue.schedule(at: .zero, .target(r, tag: 1))
        _ = queue.pop()
        // The slot is free now and is reused by the next event.
        queue.schedule(at: .second, .target(r, tag: 2))
        let cancelledReuser = queue.cancel(first)
        #expect(!cancelledReuser)
        #expect(queue.count == 1)
        let popped = queue.pop()
        #expect(popped.map { tag(of: $0.action) } == 2)
    }

    @Test func compactionDropsTombstonesAndKeepsOrder() {
        var queue = EventQueue()
        let r = Recorder()
        var handles: [EventHandle] = []
        for i in 0..<5000 { handles.append(queue.schedule(at: SimTime(nanoseconds: Int64(5000 - i)), .target(r, tag: i))) }
        for (i, h) in handles.enumerated() where i % 5 != 0 { queue.cancel(h) }
        #expect(queue.count == 1000)
        #expect(queue.storedEntries < 5000, "cancelling most events triggered compaction")
        var last = Int64.min
        var popped = 0
        while let (time, action) = queue.pop() {
            #expect(time.nanoseconds >= last)
            #expect(tag(of: action) % 5 == 0)
            last = time.nanoseconds
            popped += 1
        }
        #expect(popped == 1000)
    }

    /// Random schedules and cancels against a sorted reference; prints the seed on failure.
    @Test(arguments: [1, 2, 3, 42, 1234, 99991] as [UInt64])
    func matchesSortedReference(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        var queue = EventQueue()
        let r = Recorder()
        var live: [Int: (time: Int64, seq: Int, handle: EventHandle)] = [:]
        var expected: [(Int64, Int)] = []
        var actual: [(Int64, Int)] = []
        var seq = 0
        for _ in 0..<4000 {
            let choice = rng.next() % 10
            if choice < 6 {
                let t = Int64(rng.next() % 500)
                let h = queue.schedule(at: SimTime(nanoseconds: t), .target(r, tag: seq))
                live[seq] = (t, seq, h)
                seq += 1
            } else if choice < 8, let key = live.keys.sorted().first(where: { _ in rng.next() % 3 == 0 }) {
                let cancelled = queue.cancel(live[key]!.handle)
                #expect(cancelled, "seed \(seed)")
                live[key] = nil
            } else if let (time, action) = queue.pop() {
                let want = live.values.min { ($0.time, $0.seq) < ($1.time, $1.seq) }!
                expected.append((want.time, want.seq))
                actual.append((time.nanoseconds, tag(of: action)))
                live[want.seq] = nil
            }
        }
        #expect(expected.elementsEqual(actual, by: ==), "seed \(seed)")
        #expect(queue.count == live.count, "seed \(seed)")
    }
}

/// A tiny deterministic generator for tests (independent of GSL).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        return StableHash.mix64(state &- 0x9e37_79b9_7f4a_7c15)
    }
}
