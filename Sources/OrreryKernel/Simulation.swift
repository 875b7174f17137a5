import Foundation

/// Why a run stopped.
public enum StopReason: String, Sendable {
    /// No events were left: all work is done.
    case queueEmpty = "queue-empty"
    /// The next event lies beyond the horizon.
    case horizon
    /// A model or the monitor asked to stop (Ctrl-C, a target reached).
    case stopRequested = "stop-requested"
}

/// What a run did, for the results store and the progress line.
public struct RunStatistics: Sendable, Equatable {
    public var eventsExecuted: UInt64 = 0
    public var eventsCancelled: UInt64 = 0
    /// Simulated time when the loop stopped.
    public var endTime: SimTime = .zero
    public var stopReason: StopReason = .queueEmpty
    /// Wall-clock seconds spent in the loop. Reported, never fed back into results.
    public var wallSeconds: Double = 0
}

/// What the loop shows its monitor every so many events.
public struct LoopProgress: Sendable {
    public var now: SimTime
    public var horizon: SimTime
    public var eventsExecuted: UInt64
    public var pendingEvents: Int
}

/// The discrete-event loop: a clock, an event queue, random streams and an event bus.
///
/// Models schedule actions; `run` pops them in `(time, sequence)` order, advances `now`
/// and executes them until the queue empties, the horizon passes, or a stop is requested.
/// Everything stochastic draws from ``random``, so the same seed gives the same run.
public final class Simulation {
    public private(set) var now: SimTime = .zero
    public let random: RandomStreams
    public let bus = EventBus()
    public private(set) var statistics = RunStatistics()

    private var queue = EventQueue()
    private var stopRequested = false

    public init(seed: UInt64, runIndex: UInt64 = 0) {
        random = RandomStreams(masterSeed: seed, runIndex: runIndex)
    }

    /// Pending (live) events.
    public var pendingEvents: Int { queue.count }

    /// Schedules `action` at absolute time `time` (clamped to `now`: the past is closed).
    @discardableResult
    public func schedule(at time: SimTime, _ action: @escaping () -> Void) -> EventHandle {
        queue.schedule(at: Swift.max(time, now), .closure(action))
    }

    /// Schedules `action` after `delay` from now.
    @discardableResult
    public func schedule(after delay: SimTime, _ action: @escaping () -> Void) -> EventHandle {
        schedule(at: now + delay, action)
    }

    /// Schedules a tagged event for `handler` without allocating a closure.
    @discardableResult
    public func schedule(at time: SimTime, handler: any EventHandler, tag: Int) -> EventHandle {
        queue.schedule(at: Swift.max(time, now), .target(handler, tag: tag))
    }

    /// Cancels a pending event; false if it already ran or was cancelled.
    @discardableResult
    public func cancel(_ handle: EventHandle) -> Bool {
        let cancelled = queue.cancel(handle)
        if cancelled { statistics.eventsCancelled += 1 }
        return cancelled
    }

    /// Asks the loop to stop after the current event.
    public func requestStop() { stopRequested = true }

    /// Publishes a model event to its subscribers, stamped with the current time.
    @inlinable public func publish<Event: SimulationEvent>(_ event: Event) {
        bus.publish(event, at: now)
    }

    /// Runs events with time ≤ `horizon`.
    ///
    /// - Parameters:
    ///   - horizon: the last instant simulated; events after it stay pending and `now`
    ///     ends at the horizon.
    ///   - monitorInterval: how many events pass between calls to `monitor`.
    ///   - monitor: sees progress (for a progress bar) and returns false to stop
    ///     (for Ctrl-C). Called on this thread, between events.
    @discardableResult
    public func run(
        until horizon: SimTime = .max, monitorInterval: UInt64 = 1 << 14,
        monitor: ((LoopProgress) -> Bool)? = nil
    ) -> RunStatistics {
        let started = ContinuousClock.now
        stopRequested = false
        var untilMonitor = monitorInterval
        statistics.stopReason = .queueEmpty
        while !stopRequested {
            guard let next = queue.peekTime() else { break }
            if next > horizon {
                now = horizon
                statistics.stopReason = .horizon
                break
            }
            guard let (time, action) = queue.pop() else { break }
            now = time
            switch action {
            case .closure(let body): body()
            case .target(let handler, let tag): handler.handleEvent(tag: tag, at: time)
            }
            statistics.eventsExecuted += 1
            untilMonitor -= 1
            if untilMonitor == 0, let monitor {
                untilMonitor = monitorInterval
                let progress = LoopProgress(
                    now: now, horizon: horizon, eventsExecuted: statistics.eventsExecuted,
                    pendingEvents: queue.count)
                if !monitor(progress) { stopRequested = true }
            }
        }
        if stopRequested { statistics.stopReason = .stopRequested }
        statistics.endTime = now
        let elapsed = ContinuousClock.now - started
        statistics.wallSeconds +=
            Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return statistics
    }
}
