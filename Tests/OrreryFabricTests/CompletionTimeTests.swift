import OrreryKernel
import Testing

@testable import OrreryFabric

/// Completion times for a sequence of flows, computed by hand.
@Suite struct CompletionTimeTests {
    /// Pops the next completion, expecting exactly `expected` within `slack`: completion
    /// times are rounded up to the next ns from a floating-point quotient, so a share
    /// like 1e9 / 3 B/s may land 1 ns late.
    private func popNext(_ network: FlowNetwork, expect expected: FlowID, at time: SimTime, slack: Int64 = 1)
        throws
    {
        let next = try #require(network.nextCompletion)
        #expect(abs(next.nanoseconds - time.nanoseconds) <= slack, "completion at \(next), expected \(time)")
        #expect(try network.popCompleted(at: next) == [expected])
        try network.solve(at: next)
        try network.checkInvariants()
    }

    @Test func threeFlowsJoinAndLeaveOneLink() throws {
        // Link 1e9 B/s. At 0: A = 1e9 B and B = 2e9 B share it (5e8 each).
        // At 1 s: A has 5e8 left, B 1.5e9; C = 1e9 B joins: three at 1e9/3.
        // A needs 5e8 / (1e9/3) = 1.5 s → done at 2.5 s; B then has 1e9 left, C 5e8.
        // Two at 5e8: C needs 1 s → done at 3.5 s; B has 5e8 left, alone at 1e9: 0.5 s
        // → done at 4 s.
        let network = FlowNetwork()
        let link = try network.addLink(capacityBytesPerSecond: 1e9)
        let a = try network.startFlow(route: [link], bytes: 1e9)
        let b = try network.startFlow(route: [link], bytes: 2e9)
        try network.solve(at: .zero)
        #expect(network.nextCompletion == .seconds(2), "A alone would finish at 2 s")

        try network.solve(at: .second)  // nothing changed: only the clock moves
        #expect(try network.remainingBytes(of: a, at: .second) == 5e8)
        #expect(try network.remainingBytes(of: b, at: .second) == 1.5e9)
        let c = try network.startFlow(route: [link], bytes: 1e9)
        try network.solve(at: .second)
        #expect(try network.popCompleted(at: .seconds(2.4)).isEmpty)

        try popNext(network, expect: a, at: .seconds(2.5))
        try popNext(network, expect: c, at: .seconds(3.5))
        try popNext(network, expect: b, at: .seconds(4))
        #expect(network.nextCompletion == nil)
        #expect(network.flowCount == 0)
    }

    @Test func completionRoundsUpToTheNextNanosecond() throws {
        // 10 bytes at 3 B/s: 3.333… s, rounded up to 3_333_333_334 ns.
        let network = FlowNetwork()
        let link = try network.addLink(capacityBytesPerSecond: 3)
        let flow = try network.startFlow(route: [link], bytes: 10)
        try network.solve(at: .zero)
        #expect(network.nextCompletion == SimTime(nanoseconds: 3_333_333_334))
        #expect(try network.popCompleted(at: SimTime(nanoseconds: 3_333_333_333)).isEmpty)
        #expect(try network.popCompleted(at: SimTime(nanoseconds: 3_333_333_334)) == [flow])
    }

    @Test func unchangedRatesAreNotSettled() throws {
        // Two flows on separate links: adding a third on link 2 re-solves only link 2's
        // component, and settles only the flow whose rate changed.
        let network = FlowNetwork()
        let one = try network.addLink(capacityBytesPerSecond: 100)
        let two = try network.addLink(capacityBytesPerSecond: 100)
        _ = try network.startFlow(route: [one], bytes: 1e6)
        _ = try network.startFlow(route: [two], bytes: 1e6)
        try network.solve(at: .zero)
        let before = network.statistics
        _ = try network.startFlow(route: [two], bytes: 1e6)
        #expect(try network.solve(at: .second) == 1)
        let after = network.statistics
        #expect(after.componentsSolved - before.componentsSolved == 1)
        #expect(after.flowsResolved - before.flowsResolved == 2)
        #expect(after.flowsSettled - before.flowsSettled == 2, "the old flow on link 2 and the new one")
    }
}
