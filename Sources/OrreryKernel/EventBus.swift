/// A typed event that models publish (job started, failure, power sample …).
///
/// The kernel defines only the mechanism; each model declares its own event types and
/// observers (the results store, the progress bar, tracing) subscribe to the ones they
/// understand. Models never learn who listens.
public protocol SimulationEvent {}

/// Delivers published events to subscribers synchronously, in subscription order.
///
/// Delivery order is the order of `subscribe` calls, never hash order, so observers
/// see the same sequence in every run. Handlers are kept per event type in a typed list,
/// so publishing neither boxes the event nor casts it: models publish an event per job
/// start and stop, millions in a long trace.
public final class EventBus {
    @exclusivity(unchecked) @usableFromInline var handlers: [ObjectIdentifier: AnyHandlers] = [:]
    /// Subscriptions made so far: lets a model cache what it asked ``hasSubscribers(_:)``.
    /// Read through a call, as ``Simulation/now`` is (an inlined read was checked at run
    /// time).
    public var subscriptionCount: Int {
        @inline(never) get { subscriptions }
    }
    @exclusivity(unchecked) private var subscriptions = 0

    public init() {}

    /// Calls `handler` for every published event of type `Event`.
    public func subscribe<Event: SimulationEvent>(
        _ type: Event.Type, _ handler: @escaping (Event, SimTime) -> Void
    ) {
        let key = ObjectIdentifier(type)
        let list = handlers[key] ?? Handlers<Event>()
        handlers[key] = list
        // The list under Event's key is always a Handlers<Event>.
        unsafeDowncast(list, to: Handlers<Event>.self).list.append(handler)
        subscriptions += 1
    }

    /// True when someone listens for `Event`: lets a model skip building costly events.
    @inlinable public func hasSubscribers<Event: SimulationEvent>(_ type: Event.Type) -> Bool {
        handlers[ObjectIdentifier(type)] != nil
    }

    /// Inlinable, so a model's publish is specialised for its event type: a generic call
    /// across the module boundary built the handler list's type metadata on every event.
    @inlinable public func publish<Event: SimulationEvent>(_ event: Event, at time: SimTime) {
        guard let list = handlers[ObjectIdentifier(Event.self)] else { return }
        for handler in unsafeDowncast(list, to: Handlers<Event>.self).list { handler(event, time) }
    }
}

/// The handlers of one event type, behind a common base class for the bus's table.
@usableFromInline class AnyHandlers {
    @usableFromInline init() {}
}

@usableFromInline final class Handlers<Event>: AnyHandlers {
    @usableFromInline var list: [(Event, SimTime) -> Void] = []
}
