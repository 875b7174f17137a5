import OrreryKernel
import Testing

@testable import OrreryFabric

/// Degenerate and invalid inputs: errors, never crashes, NaNs or divisions by zero.
@Suite struct DegenerateInputTests {
    @Test func zeroByteFlowCompletesImmediately() throws {
        let network = FlowNetwork()
        let link = try network.addLink(capacityBytesPerSecond: 100)
        let flow = try network.startFlow(route: [link], bytes: 0)
        #expect(network.nextCompletion == .zero)
        try network.solve(at: .zero)
        #expect(try network.popCompleted(at: .zero) == [flow])
    }

    @Test func emptyRouteIsRejected() throws {
        let network = FlowNetwork()
        let error = #expect(throws: FlowError.self) { try network.startFlow(route: [], bytes: 1) }
        #expect(error?.kind == .emptyRoute)
    }

    @Test(arguments: [Double.nan, -1, .infinity])
    func badByteCountsAreRejected(bytes: Double) throws {
        let network = FlowNetwork()
        let link = try network.addLink(capacityBytesPerSecond: 100)
        let error = #expect(throws: FlowError.self) { try network.startFlow(route: [link], bytes: bytes) }
        #expect(error?.kind == .invalidValue)
        #expect(network.flowCount == 0)
    }

    @Test(arguments: [Double.nan, -5, .infinity])
    func badCapacitiesAreRejected(capacity: Double) throws {
        let network = FlowNetwork()
        let link = try network.addLink(capacityBytesPerSecond: 100)
        let error = #expect(throws: FlowError.self) { try network.setCapacity(link, bytesPerSecond: capacity) }
        #expect(error?.kind == .invalidValue)
        #expect(try network.capacity(of: link) == 100)
    }

    @Test func badWeightsCapsAndRepeatedLinksAreRejected() throws {
        let network = FlowNetwork()
        let link = try network.addLink(capacityBytesPerSecond: 100)
        let weight = #expect(throws: FlowError.self) { try network.startFlow(route: [link], bytes: 1, weight: 0) }
        let cap = #expect(throws: FlowError.self) { try network.startFlow(route: [link], bytes: 1, rateCap: -1) }
        let repeated = #expect(throws: FlowError.self) { try network.startFlow(route: [link, link], bytes: 1) }
        #expect([weight?.kind, cap?.kind, repeated?.kind] == [.invalidValue, .invalidValue, .invalidValue])
    }

    @Test func unknownIdsAreRejected() throws {
        let network = FlowNetwork()
        let link = try network.addLink(capacityBytesPerSecond: 100)
        let stranger = LinkID(index: 7)
        let route = #expect(throws: FlowError.self) { try network.startFlow(route: [link, stranger], bytes: 1) }
        let capacity = #expect(throws: FlowError.self) { try network.setCapacity(stranger, bytesPerSecond: 1) }
        #expect(route?.kind == .unknownLink)
        #expect(capacity?.kind == .unknownLink)

        let flow = try network.startFlow(route: [link], bytes: 1)
        try network.removeFlow(flow)
        _ = try network.startFlow(route: [link], bytes: 1)  // reuses the slot
        let removed = #expect(throws: FlowError.self) { try network.removeFlow(flow) }
        let rate = #expect(throws: FlowError.self) { try network.rate(of: flow) }
        let reroute = #expect(throws: FlowError.self) { try network.reroute(flow, route: [link]) }
        #expect([removed?.kind, rate?.kind, reroute?.kind] == [.unknownFlow, .unknownFlow, .unknownFlow])
    }

    @Test func timeCannotGoBack() throws {
        let network = FlowNetwork()
        try network.solve(at: .second)
        let error = #expect(throws: FlowError.self) { try network.solve(at: .millisecond) }
        #expect(error?.kind == .timeWentBack)
    }

    @Test func zeroCapacityStallsUntilRestored() throws {
        // 100 bytes over a 0 B/s link: rate 0, no completion, no NaN. Capacity 50 B/s
        // returns at 1 s: the flow completes 2 s later, at 3 s.
        let network = FlowNetwork()
        let link = try network.addLink(capacityBytesPerSecond: 0)
        let flow = try network.startFlow(route: [link], bytes: 100)
        try network.solve(at: .zero)
        #expect(try network.rate(of: flow) == 0)
        #expect(network.nextCompletion == nil)
        #expect(try network.remainingBytes(of: flow, at: .second) == 100)
        try network.checkInvariants()

        try network.setCapacity(link, bytesPerSecond: 50)
        try network.solve(at: .second)
        #expect(try network.rate(of: flow) == 50)
        #expect(network.nextCompletion == .seconds(3))
        #expect(try network.popCompleted(at: .seconds(3)) == [flow])
    }

    @Test func failingALinkMidFlowKeepsDeliveredBytes() throws {
        // 100 B/s for 0.5 s delivers 50 of 100 bytes; the link fails (0) and returns
        // at 2 s with 100 B/s: the last 50 bytes take 0.5 s → done at 2.5 s.
        let network = FlowNetwork()
        let link = try network.addLink(capacityBytesPerSecond: 100)
        let flow = try network.startFlow(route: [link], bytes: 100)
        try network.solve(at: .zero)
        try network.setCapacity(link, bytesPerSecond: 0)
        try network.solve(at: .seconds(0.5))
        #expect(try network.remainingBytes(of: flow, at: .seconds(1.5)) == 50)
        try network.setCapacity(link, bytesPerSecond: 100)
        try network.solve(at: .seconds(2))
        #expect(network.nextCompletion == .seconds(2.5))
    }
}
