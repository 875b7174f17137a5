import OrreryKernel
import Testing

@testable import OrreryFabric

/// Cancelling, re-routing and querying running transfers of a ``NetworkSimulator``.
@Suite struct NetworkSimulatorTransferTests {
    @Test func cancellingAFlowingTransferFreesItsBandwidth() throws {
        // A and B (1e9 B each) share 1e9 B/s: 5e8 B/s each. B is cancelled at 0.5 s with
        // 2.5e8 B delivered; A has 7.5e8 B left, alone → done at 0.5 + 0.75 = 1.25 s.
        let simulation = Simulation(seed: 1)
        let fabric = NetworkSimulator(simulation: simulation)
        let link = try fabric.addLink(capacityBytesPerSecond: 1e9)
        var finished: [String: SimTime] = [:]
        let a = try fabric.transfer(route: [link], bytes: 1e9) { finished["A"] = $0 }
        let b = try fabric.transfer(route: [link], bytes: 1e9) { finished["B"] = $0 }
        simulation.schedule(at: .seconds(0.5)) {
            #expect(try! fabric.remainingBytes(of: b) == 7.5e8)
            #expect(try! fabric.rate(of: a) == 5e8)
            try! fabric.cancel(b)
        }
        simulation.run()
        #expect(finished == ["A": .seconds(1.25)])
        #expect(!fabric.isRunning(a) && !fabric.isRunning(b))
        #expect(fabric.statistics.transfersCancelled == 1)
        #expect(fabric.activeTransfers == 0)
        try fabric.checkInvariants()
    }

    @Test func cancellingDuringTheLatencyNeverStartsTheFlow() throws {
        let simulation = Simulation(seed: 1)
        let fabric = NetworkSimulator(simulation: simulation)
        let link = try fabric.addLink(capacityBytesPerSecond: 1e9, latency: .millisecond)
        var ran = false
        let transfer = try fabric.transfer(route: [link], bytes: 1e9) { _ in ran = true }
        #expect(try fabric.rate(of: transfer) == 0)
        #expect(try fabric.remainingBytes(of: transfer) == 1e9)
        try fabric.cancel(transfer)
        simulation.run()
        #expect(!ran)
        #expect(fabric.statistics.transfersStarted == 0)
        #expect(simulation.now == .zero, "the start event was cancelled, not run")
    }

    @Test func reroutingAroundAFailedLink() throws {
        // 1e9 B over link A (1e9 B/s). A fails at 0.25 s (7.5e8 B left); the transfer
        // moves to B (5e8 B/s) at 0.5 s: 7.5e8 B at 5e8 B/s → done at 2 s.
        let simulation = Simulation(seed: 1)
        let fabric = NetworkSimulator(simulation: simulation)
        let a = try fabric.addLink(capacityBytesPerSecond: 1e9)
        let b = try fabric.addLink(capacityBytesPerSecond: 5e8)
        var done: SimTime?
        let transfer = try fabric.transfer(route: [a], bytes: 1e9) { done = $0 }
        simulation.schedule(at: .seconds(0.25)) { try! fabric.setCapacity(a, bytesPerSecond: 0) }
        simulation.schedule(at: .seconds(0.5)) {
            #expect(try! fabric.rate(of: transfer) == 0)
            #expect(try! fabric.remainingBytes(of: transfer) == 7.5e8)
            try! fabric.reroute(transfer, route: [b])
        }
        simulation.run()
        #expect(done == .seconds(2))
        try fabric.checkInvariants()
    }

    @Test func reroutingDuringTheLatencyUsesTheNewRoute() throws {
        // Waiting out A's 1 ms latency, the transfer moves to B (2e9 B/s): it starts at
        // 1 ms as scheduled and takes 0.5 s on B.
        let simulation = Simulation(seed: 1)
        let fabric = NetworkSimulator(simulation: simulation)
        let a = try fabric.addLink(capacityBytesPerSecond: 1e9, latency: .millisecond)
        let b = try fabric.addLink(capacityBytesPerSecond: 2e9)
        var done: SimTime?
        let transfer = try fabric.transfer(route: [a], bytes: 1e9) { done = $0 }
        try fabric.reroute(transfer, route: [b])
        simulation.run()
        #expect(done == .millisecond + .seconds(0.5))
    }

    @Test func aTransferDoneAtTheSameInstantCannotBeCancelled() throws {
        // A and B end together at 1 s; A's callback runs first and tries to cancel B,
        // which is already complete: that throws, and B's callback still runs.
        let simulation = Simulation(seed: 1)
        let fabric = NetworkSimulator(simulation: simulation)
        let a = try fabric.addLink(capacityBytesPerSecond: 1e9)
        let b = try fabric.addLink(capacityBytesPerSecond: 1e9)
        var order: [String] = []
        var other: TransferID?
        var cancelError: FlowError?
        try fabric.transfer(route: [a], bytes: 1e9) { _ in
            order.append("A")
            guard let other else { return }
            do throws(FlowError) { try fabric.cancel(other) } catch { cancelError = error }
        }
        other = try fabric.transfer(route: [b], bytes: 1e9) { _ in order.append("B") }
        simulation.run()
        #expect(order == ["A", "B"])
        #expect(cancelError?.kind == .unknownFlow)
        #expect(fabric.statistics.transfersCompleted == 2 && fabric.statistics.transfersCancelled == 0)
    }

    @Test func finishedAndUnknownTransfersAreRejected() throws {
        let simulation = Simulation(seed: 1)
        let fabric = NetworkSimulator(simulation: simulation)
        let link = try fabric.addLink(capacityBytesPerSecond: 1e9)
        let transfer = try fabric.transfer(route: [link], bytes: 1e3) { _ in }
        #expect(throws: FlowError.self) { try fabric.reroute(transfer, route: []) }
        simulation.run()
        for attempt in [{ try fabric.cancel(transfer) }, { _ = try fabric.rate(of: transfer) },
                        { try fabric.reroute(transfer, route: [link]) }] {
            let error = #expect(throws: FlowError.self) { try attempt() }
            #expect(error?.kind == .unknownFlow)
        }
        #expect(fabric.statistics.transfersCancelled == 0)
    }
}
