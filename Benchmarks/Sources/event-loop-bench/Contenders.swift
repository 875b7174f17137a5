import CReferenceHeap
import OrreryKernel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Shared pieces

/// Delays are uniform in [0, 2 × mean): 1 ms on average, in integer nanoseconds.
let meanDelay: Int64 = 1_000_000
/// FNV-1a's offset basis: the starting value of the pop-order hash.
let tagHashSeed: UInt64 = 0xcbf2_9ce4_8422_2325

/// splitmix64, bit for bit the same as `ref_rng_next` in the C target, so every
/// contender sees the same delay sequence.
struct SplitMix64 {
    var state: UInt64

    @inline(__always) mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 2 × mean), by multiply-high like `ref_rng_delay`.
    @inline(__always) mutating func delay(mean: Int64) -> Int64 {
        Int64(bitPattern: next().multipliedFullWidth(by: UInt64(2 * mean)).high)
    }
}

/// What a contender popped: equal checksums mean equal work in the same order.
struct Checksum: Equatable, CustomStringConvertible {
    /// Sum of popped times (ns), mod 2^64: checks min-order.
    var timeSum: UInt64 = 0
    /// FNV-style fold of popped tags in pop order: checks tie order (FIFO) too.
    var tagHash: UInt64 = tagHashSeed
    /// Tag given to the next scheduled event (a scheduling counter, 32 bits like the
    /// C payload).
    var nextTag: UInt64 = 0

    @inline(__always) mutating func record(time: Int64, tag: Int) {
        timeSum &+= UInt64(bitPattern: time)
        tagHash = (tagHash ^ UInt64(truncatingIfNeeded: tag)) &* 0x100_0000_01b3
    }

    @inline(__always) mutating func takeTag() -> Int {
        defer { nextTag &+= 1 }
        return Int(UInt32(truncatingIfNeeded: nextTag))
    }

    var description: String {
        "timeSum=\(hex(timeSum)) popOrderHash=\(hex(tagHash))"
    }
}

func hex(_ x: UInt64) -> String {
    let digits = String(x, radix: 16)
    return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
}

/// Monotonic wall clock in seconds.
@inline(__always) func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// CPU time of this thread in seconds: robust to other processes sharing the 2 cores
/// (the benchmark is single-threaded, so on an idle machine it equals wall time).
@inline(__always) func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// One timed repetition of `ops` hold operations.
struct Sample {
    var ops: Int
    var cpuSeconds: Double
    var wallSeconds: Double
    var opsPerSecond: Double { Double(ops) / cpuSeconds }
    var opsPerWallSecond: Double { Double(ops) / wallSeconds }
}

/// A priority queue under test in the hold model. `init` fills it with `size` events
/// at times delay₁ … delayₙ; `hold(ops:)` pops the earliest event and schedules a new
/// one at popped time + delay, `ops` times, so the pending count stays at `size`.
/// Every contender draws the same delays from the same seed, so after the same calls
/// all checksums must agree.
protocol HoldContender: AnyObject {
    init(size: Int, seed: UInt64)
    func hold(ops: Int)
    var checksum: Checksum { get }
    var pending: Int { get }
}

extension HoldContender {
    func measure(ops: Int) -> Sample {
        let wall = monotonicSeconds()
        let cpu = threadCPUSeconds()
        hold(ops: ops)
        let cpuSeconds = threadCPUSeconds() - cpu
        let wallSeconds = monotonicSeconds() - wall
        return Sample(ops: ops, cpuSeconds: cpuSeconds, wallSeconds: wallSeconds)
    }
}

// MARK: - (a) The C reference heap

final class CReference: HoldContender {
    var heap = ref_heap()
    var rng: ref_rng
    var state = ref_hold_state(time_sum: 0, tag_hash: tagHashSeed, next_tag: 0)

    init(size: Int, seed: UInt64) {
        rng = ref_rng(state: seed)
        ref_heap_init(&heap)
        ref_hold_fill(&heap, size, &rng, meanDelay, &state)
    }

    deinit { ref_heap_destroy(&heap) }

    func hold(ops: Int) { ref_hold_run(&heap, UInt64(ops), &rng, meanDelay, &state) }

    var checksum: Checksum {
        Checksum(timeSum: state.time_sum, tagHash: state.tag_hash, nextTag: state.next_tag)
    }
    var pending: Int { Int(heap.count) }
}

// MARK: - (b) Orrery's EventQueue with `.target` actions

/// A handler that is never called: the queue contender only pops and schedules.
final class InertHandler: EventHandler {
    func handleEvent(tag: Int, at time: SimTime) {}
}

/// The hold loop over `EventQueue`, shaped like `Simulation.run` and a model's handler:
/// the loop pops with `pop(notAfter:)` and a horizon that is not a compile-time constant
/// and consumes the action in a `switch`; the schedule is a call of its own, as it is
/// when a handler calls `Simulation.schedule`. `schedule` and `pop(notAfter:)` are
/// `@inlinable`, so both are specialised into this module.
@inline(never)
func queueHold(
    _ queue: inout EventQueue, ops: Int, horizon: SimTime, handler: any EventHandler,
    rng: inout SplitMix64, checksum: inout Checksum
) {
    for _ in 0..<ops {
        guard let (time, action) = queue.pop(notAfter: horizon) else {
            fatalError("queue ran dry")
        }
        switch consume action {
        case .target(_, let tag): checksum.record(time: time.nanoseconds, tag: tag)
        case .closure: fatalError("unexpected closure")
        }
        let next = SimTime(nanoseconds: time.nanoseconds &+ rng.delay(mean: meanDelay))
        scheduleNext(&queue, at: next, handler: handler, tag: checksum.takeTag())
    }
}

/// The handler's schedule, as its own call. Inlined into `queueHold`, it would stop the
/// optimiser inlining `pop(notAfter:)` there, and the loop would then destroy the
/// returned `(time:, action:)?` through runtime metadata (~150 more instructions per
/// op, which `Simulation.run` does not pay; see docs/performance.md).
@inline(never)
func scheduleNext(
    _ queue: inout EventQueue, at time: SimTime, handler: any EventHandler, tag: Int
) {
    queue.schedule(at: time, .target(handler, tag: tag))
}

final class QueueContender: HoldContender {
    var queue = EventQueue()
    let handler: any EventHandler = InertHandler()
    var rng: SplitMix64
    var checksum = Checksum()
    /// What `Simulation.run()` passes by default.
    var horizon = SimTime.max

    init(size: Int, seed: UInt64) {
        rng = SplitMix64(state: seed)
        for _ in 0..<size {
            let time = SimTime(nanoseconds: rng.delay(mean: meanDelay))
            queue.schedule(at: time, .target(handler, tag: checksum.takeTag()))
        }
    }

    func hold(ops: Int) {
        queueHold(
            &queue, ops: ops, horizon: horizon, handler: handler, rng: &rng,
            checksum: &checksum)
    }
    var pending: Int { queue.count }
}

// MARK: - (c) The full Simulation loop

/// A model in miniature: each event it receives schedules its successor at
/// `now + delay`, so the loop does pop + execute + schedule per event.
final class Rescheduler: EventHandler {
    /// The contender keeps the simulation alive; `unowned(unsafe)` avoids a retain cycle
    /// through the pending events without unowned-reference checks on every event.
    unowned(unsafe) let simulation: Simulation
    var rng: SplitMix64
    var checksum = Checksum()
    /// Events left before the handler asks the loop to stop.
    var remaining = 0

    init(simulation: Simulation, seed: UInt64) {
        self.simulation = simulation
        self.rng = SplitMix64(state: seed)
    }

    func handleEvent(tag: Int, at time: SimTime) {
        checksum.record(time: time.nanoseconds, tag: tag)
        let delay = SimTime(nanoseconds: rng.delay(mean: meanDelay))
        simulation.schedule(at: time + delay, handler: self, tag: checksum.takeTag())
        remaining -= 1
        if remaining == 0 { simulation.requestStop() }
    }
}

final class SimulationContender: HoldContender {
    let simulation = Simulation(seed: 1)
    let model: Rescheduler

    init(size: Int, seed: UInt64) {
        model = Rescheduler(simulation: simulation, seed: seed)
        for _ in 0..<size {
            let time = SimTime(nanoseconds: model.rng.delay(mean: meanDelay))
            simulation.schedule(at: time, handler: model, tag: model.checksum.takeTag())
        }
    }

    func hold(ops: Int) {
        guard ops > 0 else { return }
        model.remaining = ops
        let before = simulation.statistics.eventsExecuted
        let stats = simulation.run()
        precondition(stats.stopReason == .stopRequested, "simulation stopped early")
        precondition(Int(stats.eventsExecuted - before) == ops, "simulation ran the wrong count")
    }

    var checksum: Checksum { model.checksum }
    var pending: Int { simulation.pendingEvents }
}
