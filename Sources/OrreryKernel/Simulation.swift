import Foundation

/// A handler kept by a simulation (``Simulation/register(_:)``): its events carry this
/// number.
public struct RegisteredHandler: Hashable, Sendable {
    let number: Int
}

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
///
/// The loop's stored properties skip Swift's run-time exclusivity checks: no access to
/// them is ever held across a call into a model, so the checks could never fire, and
/// they cost about a fifth of the loop's time (docs/performance.md).
public final class Simulation {
    /// The current time. Read through a call into this module: where another module
    /// inlined the stored property's getter, the read was checked for exclusivity at run
    /// time (about 80 instructions) though the property opts out of the checks, and a
    /// scheduler reads the clock several times per start and stop.
    public var now: SimTime {
        @inline(never) get { clock }
    }
    @exclusivity(unchecked) private var clock: SimTime = .zero
    public let random: RandomStreams
    public let bus = EventBus()
    @exclusivity(unchecked) public private(set) var statistics = RunStatistics()

    @exclusivity(unchecked) @usableFromInline var queue = EventQueue()
    @exclusivity(unchecked) private var stopRequested = false
    /// Handlers kept for the simulation's lifetime (``register(_:)``), by number.
    @exclusivity(unchecked) private var handlers: [any EventHandler] = []

    public init(seed: UInt64, runIndex: UInt64 = 0) {
        random = RandomStreams(masterSeed: seed, runIndex: runIndex)
    }

    /// Pending (live) events.
    public var pendingEvents: Int { queue.count }

    /// Schedules `action` at absolute time `time` (clamped to `now`: the past is closed).
    @discardableResult
    public func schedule(at time: SimTime, _ action: @escaping () -> Void) -> EventHandle {
        queue.schedule(at: Swift.max(time, clock), .closure(action))
    }

    /// Schedules `action` after `delay` from now.
    @discardableResult
    public func schedule(after delay: SimTime, _ action: @escaping () -> Void) -> EventHandle {
        schedule(at: clock + delay, action)
    }

    /// Schedules a tagged event for `handler` without allocating a closure.
    @discardableResult
    public func schedule(at time: SimTime, handler: any EventHandler, tag: Int) -> EventHandle {
        queue.schedule(at: Swift.max(time, clock), .target(handler, tag: tag))
    }

    /// Keeps `handler` for the simulation's lifetime and returns its number, for
    /// ``schedule(at:registered:tag:)``. An event for a handler by reference
    /// (``schedule(at:handler:tag:)``) retains it until the event runs or is cancelled: a
    /// pair of atomic operations per event, which a model that schedules and cancels
    /// millions of events (a round-based scheduler's run ends) saves by registering. The
    /// handler must not own the simulation (that would be a cycle): models hold it
    /// through ``SimulationReference``.
    public func register(_ handler: any EventHandler) -> RegisteredHandler {
        handlers.append(handler)
        return RegisteredHandler(number: handlers.count - 1)
    }

    /// Schedules a tagged event for a handler registered with this simulation.
    @discardableResult
    public func schedule(at time: SimTime, registered handler: RegisteredHandler, tag: Int) -> EventHandle {
        schedule(at: time, registered: handler, tag: tag, in: queue.reserveOrder())
    }

    /// Takes the next place among events at equal times for an event scheduled later
    /// (``EventOrder``).
    public func reserveOrder() -> EventOrder { queue.reserveOrder() }

    /// Schedules a tagged event for a registered handler in a place taken earlier
    /// (``reserveOrder()``).
    @discardableResult
    public func schedule(at time: SimTime, registered handler: RegisteredHandler, tag: Int, in order: EventOrder) -> EventHandle {
        precondition(handlers.indices.contains(handler.number), "handler number \(handler.number) was never registered here")
        return queue.schedule(at: Swift.max(time, clock), .registered(handler: handler.number, tag: tag), in: order)
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
        var executed = statistics.eventsExecuted
        statistics.stopReason = .queueEmpty
        while !stopRequested {
            guard let (time, action) = queue.pop(notAfter: horizon) else {
                if !queue.isEmpty {
                    clock = Swift.max(clock, horizon)
                    statistics.stopReason = .horizon
                }
                break
            }
            clock = time
            switch consume action {
            case .closure(let body): body()
            case .target(let handler, let tag): handler.handleEvent(tag: tag, at: time)
            case .registered(let handler, let tag): handlers[handler].handleEvent(tag: tag, at: time)
            }
            executed &+= 1
            untilMonitor &-= 1
            if untilMonitor == 0 {
                untilMonitor = monitorInterval
                if let monitor {
                    let progress = LoopProgress(
                        now: clock, horizon: horizon, eventsExecuted: executed, pendingEvents: queue.count)
                    if !monitor(progress) { stopRequested = true }
                }
            }
        }
        statistics.eventsExecuted = executed
        if stopRequested { statistics.stopReason = .stopRequested }
        statistics.endTime = clock
        let elapsed = ContinuousClock.now - started
        statistics.wallSeconds +=
            Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return statistics
    }
}
