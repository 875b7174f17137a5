import Testing
@testable import OrreryKernel

@Suite struct SimulationTests {
    @Test func runsActionsAndAdvancesClock() {
        let sim = Simulation(seed: 1)
        var log: [String] = []
        sim.schedule(at: .seconds(2)) { log.append("b@\(sim.now)") }
        sim.schedule(at: .seconds(1)) {
            log.append("a@\(sim.now)")
            sim.schedule(after: .seconds(5)) { log.append("c@\(sim.now)") }
        }
        let stats = sim.run()
        #expect(log == ["a@1s", "b@2s", "c@6s"])
        #expect(stats.eventsExecuted == 3)
        #expect(stats.stopReason == .queueEmpty)
        #expect(stats.endTime == .seconds(6))
    }

    @Test func horizonStopsBeforeLaterEventsAndIsInclusive() {
        let sim = Simulation(seed: 1)
        var ran: [Int] = []
        for s in 1...10 { sim.schedule(at: .seconds(Double(s))) { ran.append(s) } }
        let stats = sim.run(until: .seconds(5))
        #expect(ran == [1, 2, 3, 4, 5])
        #expect(stats.stopReason == .horizon)
        #expect(sim.now == .seconds(5))
        #expect(sim.pendingEvents == 5)
        // Resuming continues where it stopped.
        sim.run()
        #expect(ran == Array(1...10))
    }

    @Test func stopRequestFromAModelEndsTheRun() {
        let sim = Simulation(seed: 1)
        var count = 0
        func tick() {
            count += 1
            if count == 100 { sim.requestStop() }
            sim.schedule(after: .second, tick)
        }
        sim.schedule(at: .zero, tick)
        let stats = sim.run()
        #expect(count == 100)
        #expect(stats.stopReason == .stopRequested)
    }

    @Test func monitorCanStopAndSeesProgress() {
        let sim = Simulation(seed: 1)
        func tick() { sim.schedule(after: .millisecond, tick) }
        sim.schedule(at: .zero, tick)
        var calls = 0
        let stats = sim.run(until: .hour, monitorInterval: 1000) { progress in
            calls += 1
            #expect(progress.eventsExecuted == UInt64(calls) * 1000)
            return calls < 3
        }
        #expect(stats.eventsExecuted == 3000)
        #expect(stats.stopReason == .stopRequested)
    }

    /// Regression: the monitor countdown once underflowed after 16,384 events without a monitor.
    @Test func longRunWithoutMonitor() {
        let sim = Simulation(seed: 1)
        let r = Recorder()
        final class Again: EventHandler {
            unowned let sim: Simulation
            var left = 40_000
            init(_ sim: Simulation) { self.sim = sim }
            func handleEvent(tag: Int, at time: SimTime) {
                left -= 1
                if left > 0 { sim.schedule(at: time + .microsecond, handler: self, tag: tag) }
            }
        }
        let again = Again(sim)
        sim.schedule(at: .zero, handler: again, tag: 0)
        sim.schedule(at: .second, handler: r, tag: 9)
        let stats = sim.run()
        #expect(stats.eventsExecuted == 40_001)
        #expect(r.seen.map(\.tag) == [9])
        #expect(sim.now == .second)
    }

    /// Events for a registered handler run in the same (time, sequence) order as the
    /// other kinds, interleaved with them, and a cancelled one never runs.
    @Test func registeredHandlerEventsInterleaveAndCancel() {
        let sim = Simulation(seed: 1)
        let registered = Recorder()
        let byReference = Recorder()
        let number = sim.register(registered)
        var order: [String] = []
        final class Log: EventHandler {
            let body: (Int) -> Void
            init(_ body: @escaping (Int) -> Void) { self.body = body }
            func handleEvent(tag: Int, at time: SimTime) { body(tag) }
        }
        let log = sim.register(Log { order.append("registered \($0)") })
        sim.schedule(at: .seconds(2), registered: log, tag: 1)
        sim.schedule(at: .seconds(1)) { order.append("closure") }
        sim.schedule(at: .seconds(2), handler: byReference, tag: 2)
        sim.schedule(at: .seconds(2)) { order.append("closure 2") }
        sim.schedule(at: .seconds(1), registered: log, tag: 0)
        let cancelled = sim.schedule(at: .seconds(3), registered: number, tag: 7)
        sim.schedule(at: .seconds(4), registered: number, tag: 8)
        #expect(sim.cancel(cancelled))
        let stats = sim.run()
        #expect(order == ["closure", "registered 0", "registered 1", "closure 2"])
        #expect(byReference.seen.map(\.tag) == [2])
        #expect(registered.seen.map(\.tag) == [8])
        #expect(registered.seen.map(\.time) == [.seconds(4)])
        #expect(stats.eventsCancelled == 1)
        #expect(stats.eventsExecuted == 6)
    }

    /// The simulation keeps a registered handler as long as it lives (its events hold
    /// only a number), and no longer.
    @Test func registeredHandlerLivesAsLongAsTheSimulation() {
        weak var kept: Recorder?
        weak var simulation: Simulation?
        do {
            let sim = Simulation(seed: 1)
            simulation = sim
            let number = {
                let handler = Recorder()
                kept = handler
                return sim.register(handler)
            }()
            sim.schedule(at: .second, registered: number, tag: 3)
            #expect(kept != nil)
            sim.run()
            #expect(kept?.seen.map(\.tag) == [3])
        }
        #expect(simulation == nil)
        #expect(kept == nil)
    }

    @Test func cancellationIsCounted() {
        let sim = Simulation(seed: 1)
        var ran = false
        let h = sim.schedule(at: .second) { ran = true }
        #expect(sim.cancel(h))
        #expect(!sim.cancel(h))
        let stats = sim.run()
        #expect(!ran)
        #expect(stats.eventsCancelled == 1)
        #expect(stats.eventsExecuted == 0)
    }

    @Test func schedulingInThePastRunsNow() {
        let sim = Simulation(seed: 1)
        var at: SimTime?
        sim.schedule(at: .seconds(10)) {
            sim.schedule(at: .seconds(3)) { at = sim.now }
        }
        sim.run()
        #expect(at == .seconds(10))
    }

    /// A stochastic model run twice with one seed gives the same trace; another seed differs.
    @Test(arguments: [7, 8, 9] as [UInt64])
    func sameSeedSameTrace(seed: UInt64) {
        func trace(_ seed: UInt64) -> [Int64] {
            let sim = Simulation(seed: seed)
            let arrivals = sim.random.stream("arrivals")
            var times: [Int64] = []
            func arrive() {
                times.append(sim.now.nanoseconds)
                if times.count < 200 {
                    sim.schedule(after: .seconds(arrivals.sample(.exponential(mean: 3))), arrive)
                }
            }
            sim.schedule(at: .zero, arrive)
            sim.run()
            return times
        }
        #expect(trace(seed) == trace(seed))
        #expect(trace(seed) != trace(seed + 100))
    }

    @Test func busDeliversTypedEventsInSubscriptionOrder() {
        struct Ping: SimulationEvent { var n: Int }
        struct Pong: SimulationEvent {}
        let sim = Simulation(seed: 1)
        var log: [String] = []
        sim.bus.subscribe(Ping.self) { e, t in log.append("first \(e.n) @\(t)") }
        sim.bus.subscribe(Ping.self) { e, _ in log.append("second \(e.n)") }
        #expect(sim.bus.hasSubscribers(Ping.self))
        #expect(!sim.bus.hasSubscribers(Pong.self))
        sim.schedule(at: .seconds(2)) { sim.publish(Ping(n: 1)); sim.publish(Pong()) }
        sim.run()
        #expect(log == ["first 1 @2s", "second 1"])
    }
}
