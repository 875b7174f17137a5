/// A typed event that models publish (job started, failure, power sample …).
///
/// The kernel defines only the mechanism; each model declares its own event types and
/// observers (the results store, the progress bar, tracing) subscribe to the ones they
/// understand. Models never learn who listens.
public protocol SimulationEvent {}

/// Delivers published events to subscribers synchronously, in subscription order.
///
/// Delivery order is the order of `subscribe` calls, never hash order, so observers
/// see the same sequence in every run.
public final class EventBus {
    private var handlers: [ObjectIdentifier: [(Any, SimTime) -> Void]] = [:]

    public init() {}

    /// Calls `handler` for every published event of type `Event`.
    public func subscribe<Event: SimulationEvent>(
        _ type: Event.Type, _ handler: @escaping (Event, SimTime) -> Void
    ) {
        handlers[ObjectIdentifier(type), default: []].append { event, time in
            if let event = event as? Event { handler(event, time) }
        }
    }

    /// True when someone listens for `Event`: lets a model skip building costly events.
    public func hasSubscribers<Event: SimulationEvent>(_ type: Event.Type) -> Bool {
        handlers[ObjectIdentifier(type)] != nil
    }

    public func publish<Event: SimulationEvent>(_ event: Event, at time: SimTime) {
        guard let list = handlers[ObjectIdentifier(Event.self)] else { return }
        for handler in list { handler(event, time) }
    }
}
