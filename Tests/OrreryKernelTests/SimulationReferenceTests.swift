import Testing
@testable import OrreryKernel

/// A model's uncounted reference does what the simulation itself does.
@Suite struct SimulationReferenceTests {
    final class Log: EventHandler {
        var tags: [(Int, SimTime)] = []
        func handleEvent(tag: Int, at time: SimTime) { tags.append((tag, time)) }
    }

    struct Ping: SimulationEvent { var value: Int }

    @Test func readsTheClockSchedulesCancelsAndPublishes() {
        let simulation = Simulation(seed: 1)
        let reference = SimulationReference(simulation)
        let log = Log()
        var published: [Int] = []
        let subscriptions = reference.subscriptionCount
        simulation.bus.subscribe(Ping.self) { event, _ in published.append(event.value) }
        #expect(reference.subscriptionCount != subscriptions)
        reference.schedule(at: .seconds(2), handler: log, tag: 7)
        let cancelled = reference.schedule(at: .seconds(3), handler: log, tag: 8)
        reference.schedule(at: .seconds(1)) {
            #expect(reference.now == .seconds(1))
            reference.publish(Ping(value: 5))
            #expect(reference.cancel(cancelled))
        }
        simulation.run()
        #expect(log.tags.map(\.0) == [7] && log.tags.map(\.1) == [.seconds(2)])
        #expect(published == [5])
        #expect(reference.simulation === simulation)
    }
}
