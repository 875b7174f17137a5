/// A model's reference to the simulation that runs it, neither owning it nor counting
/// references on use.
///
/// The simulation's pending events, or its registered handlers
/// (``Simulation/register(_:)``), keep a model alive, so a model must not keep its
/// simulation alive in turn (a cycle). Held `unowned(unsafe)`, every read of the clock
/// or scheduling call still retained and released the simulation around the access
/// (about 45 instructions); a preemptive scheduler does several per start and stop,
/// millions per run. Here each use borrows the reference instead.
///
/// Safe as long as the model calls it only while its simulation exists: from its event
/// handlers and the code the simulation's run calls, which is how models work.
public struct SimulationReference {
    @usableFromInline let reference: Unmanaged<Simulation>

    public init(_ simulation: Simulation) {
        reference = .passUnretained(simulation)
    }

    /// The simulation itself (a counted reference), for uses off the hot paths.
    public var simulation: Simulation { reference.takeUnretainedValue() }

    @inlinable public var now: SimTime {
        reference._withUnsafeGuaranteedRef { $0.now }
    }

    /// ``Simulation/schedule(at:_:)``.
    @discardableResult
    public func schedule(at time: SimTime, _ action: @escaping () -> Void) -> EventHandle {
        reference._withUnsafeGuaranteedRef { $0.schedule(at: time, action) }
    }

    /// ``Simulation/schedule(at:handler:tag:)``.
    @inlinable @discardableResult
    public func schedule(at time: SimTime, handler: any EventHandler, tag: Int) -> EventHandle {
        reference._withUnsafeGuaranteedRef { $0.schedule(at: time, handler: handler, tag: tag) }
    }

    /// ``Simulation/schedule(at:registered:tag:)``.
    @inlinable @discardableResult
    public func schedule(at time: SimTime, registered handler: RegisteredHandler, tag: Int) -> EventHandle {
        reference._withUnsafeGuaranteedRef { $0.schedule(at: time, registered: handler, tag: tag) }
    }

    /// ``Simulation/reserveOrder()``.
    @inlinable public func reserveOrder() -> EventOrder {
        reference._withUnsafeGuaranteedRef { $0.reserveOrder() }
    }

    /// ``Simulation/schedule(at:registered:tag:in:)``.
    @inlinable @discardableResult
    public func schedule(at time: SimTime, registered handler: RegisteredHandler, tag: Int, in order: EventOrder) -> EventHandle {
        reference._withUnsafeGuaranteedRef { $0.schedule(at: time, registered: handler, tag: tag, in: order) }
    }

    /// ``Simulation/cancel(_:)``.
    @inlinable @discardableResult
    public func cancel(_ handle: EventHandle) -> Bool {
        reference._withUnsafeGuaranteedRef { $0.cancel(handle) }
    }

    /// ``Simulation/publish(_:)``.
    @inlinable public func publish<Event: SimulationEvent>(_ event: Event) {
        reference._withUnsafeGuaranteedRef { $0.publish(event) }
    }

    /// The bus's ``EventBus/subscriptionCount``.
    @inlinable public var subscriptionCount: Int {
        reference._withUnsafeGuaranteedRef { $0.bus.subscriptionCount }
    }
}
