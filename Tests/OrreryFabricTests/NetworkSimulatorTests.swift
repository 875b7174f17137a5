import OrreryKernel
import Testing

@testable import OrreryFabric

/// The kernel-driven simulator: completion times, latency, batching, rescheduling.
@Suite struct NetworkSimulatorTests {
    @Test func transferCompletesAfterLatencyPlusTransmission() throws {
        // Two links, 1 µs + 2 µs latency, 1e9 B/s: 1e9 bytes arrive at 3 µs + 1 s.
        let simulation = Simulation(seed: 1)
        let fabric = NetworkSimulator(simulation: simulation)
        let a = try fabric.addLink(capacityBytesPerSecond: 1e9, latency: .microsecond)
        let b = try fabric.addLink(capacityBytesPerSecond: 1e9, latency: .microsecond.scaled(by: 2))
        var done: SimTime?
        try fabric.transfer(route: [a, b], bytes: 1e9) { done = $0 }
        simulation.run()
        #expect(done == .second + .microsecond.scaled(by: 3))
    }

    @Test func aJoiningTransferDelaysTheFirst() throws {
        // A: 1e9 B alone at 1e9 B/s would finish at 1 s. B (1e9 B) joins at 0.5 s: A has
        // 5e8 left at 5e8 B/s → 1.5 s; B has delivered 5e8 by then, the rest alone at
        // 1e9 B/s → 2 s. A's first completion event must be cancelled and moved.
        let simulation = Simulation(seed: 1)
        let fabric = NetworkSimulator(simulation: simulation)
        let link = try fabric.addLink(capacityBytesPerSecond: 1e9)
        var finished: [String: SimTime] = [:]
        try fabric.transfer(route: [link], bytes: 1e9) { finished["A"] = $0 }
        simulation.schedule(at: .seconds(0.5)) {
            _ = try? fabric.transfer(route: [link], bytes: 1e9) { finished["B"] = $0 }
        }
        simulation.run()
        #expect(finished == ["A": .seconds(1.5), "B": .seconds(2)])
        #expect(simulation.statistics.eventsCancelled == 1)
        #expect(fabric.statistics.transfersCompleted == 2)
        try fabric.checkInvariants()
    }

    @Test func changesAtOneInstantShareOneSolve() throws {
        // Three transfers (1e9, 2e9, 3e9 B) and a capacity change (1e9 → 3e9 B/s), all
        // at t = 0: one solve, 1e9 B/s each. 1 s: the first is done; 1e9 and 2e9 B left
        // at 1.5e9 B/s → the second is done at 1 + 2/3 s; the third has 1e9 B left,
        // alone at 3e9 B/s → done at 2 s. One solve at 0 and one per completion: 4.
        let simulation = Simulation(seed: 1)
        let fabric = NetworkSimulator(simulation: simulation)
        let link = try fabric.addLink(capacityBytesPerSecond: 1e9)
        var completions: [SimTime] = []
        for size in [1e9, 2e9, 3e9] {
            try fabric.transfer(route: [link], bytes: size) { completions.append($0) }
        }
        try fabric.setCapacity(link, bytesPerSecond: 3e9)
        simulation.run()
        let expected: [SimTime] = [.second, .seconds(1 + 2.0 / 3), .seconds(2)]
        #expect(completions.count == 3)
        for (got, want) in zip(completions, expected) {
            #expect(abs(got.nanoseconds - want.nanoseconds) <= 1, "\(got) vs \(want)")
        }
        #expect(fabric.statistics.solves == 4, "one solve at 0 and one per completion instant")
        #expect(fabric.networkStatistics.solves == 4)
    }

    @Test func callbacksStartingTransfersJoinTheSameSolve() throws {
        // A chain: each completion starts the next transfer at the same instant. Each
        // instant needs exactly one solve; 1e9 B at 1e9 B/s take 1 s each.
        let simulation = Simulation(seed: 1)
        let fabric = NetworkSimulator(simulation: simulation)
        let link = try fabric.addLink(capacityBytesPerSecond: 1e9)
        var times: [SimTime] = []
        func next() {
            guard times.count < 5 else { return }
            _ = try? fabric.transfer(route: [link], bytes: 1e9) { time in
                times.append(time)
                next()
            }
        }
        next()
        simulation.run()
        #expect(times == (1...5).map { SimTime.second.scaled(by: $0) })
        #expect(fabric.statistics.solves == 6, "t = 0 … 5 s, one each")
    }

    @Test func stalledTransferWaitsForCapacity() throws {
        // A failed link (0 B/s) holds 100 bytes until capacity 100 B/s returns at 10 s.
        let simulation = Simulation(seed: 1)
        let fabric = NetworkSimulator(simulation: simulation)
        let link = try fabric.addLink(capacityBytesPerSecond: 0)
        var done: SimTime?
        try fabric.transfer(route: [link], bytes: 100) { done = $0 }
        simulation.schedule(at: .seconds(10)) { try? fabric.setCapacity(link, bytesPerSecond: 100) }
        simulation.run()
        #expect(done == .seconds(11))
    }

    @Test func invalidTransfersThrowAtOnce() throws {
        let simulation = Simulation(seed: 1)
        let fabric = NetworkSimulator(simulation: simulation)
        let link = try fabric.addLink(capacityBytesPerSecond: 1, latency: .second)
        let error = #expect(throws: FlowError.self) {
            try fabric.transfer(route: [link], bytes: .nan) { _ in }
        }
        #expect(error?.kind == .invalidValue)
        #expect(simulation.pendingEvents == 0, "nothing was scheduled")
    }

    @Test(arguments: 0..<10)
    func randomTransfersKeepOneCompletionEvent(seed: UInt64) throws {
        // Random transfers at random times; at every completion, the queue holds at
        // most: the pending starts, this instant's solve, and no second completion event.
        var rng = SplitMix(seed: seed)
        let simulation = Simulation(seed: seed)
        let fabric = NetworkSimulator(simulation: simulation)
        let links = try (0..<5).map { _ in
            try fabric.addLink(
                capacityBytesPerSecond: Double(Int.random(in: 1...10, using: &rng)) * 1e8,
                latency: SimTime(nanoseconds: Int64.random(in: 0...1000, using: &rng)))
        }
        var completed = 0
        let count = 40
        for _ in 0..<count {
            let start = SimTime(nanoseconds: Int64.random(in: 0...1_000_000_000, using: &rng))
            let route = Array(links.shuffled(using: &rng).prefix(Int.random(in: 1...3, using: &rng)))
            let bytes = Double(Int.random(in: 0...100_000_000, using: &rng))
            simulation.schedule(at: start) {
                _ = try? fabric.transfer(route: route, bytes: bytes) { _ in completed += 1 }
            }
        }
        simulation.run()
        #expect(completed == count, "seed \(seed)")
        #expect(fabric.activeTransfers == 0, "seed \(seed)")
        #expect(
            fabric.statistics.solves <= 2 * UInt64(count) + 1,
            "seed \(seed): at most one solve per start instant and per completion instant")
        do { try fabric.checkInvariants() } catch { Issue.record("seed \(seed): \(error)") }
    }
}
