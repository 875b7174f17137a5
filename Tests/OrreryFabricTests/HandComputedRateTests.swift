import OrreryKernel
import Testing

@testable import OrreryFabric

/// Rates on small topologies, worked out by hand (the arithmetic is in each comment).
@Suite struct HandComputedRateTests {
    @Test func dumbbellSplitsTheBottleneckEqually() throws {
        // n senders on access links of 1000 B/s, one shared 100 B/s bottleneck:
        // each gets 100 / n.
        let network = FlowNetwork()
        let bottleneck = try network.addLink(capacityBytesPerSecond: 100)
        var flows: [FlowID] = []
        for _ in 0..<4 {
            let access = try network.addLink(capacityBytesPerSecond: 1000)
            flows.append(try network.startFlow(route: [access, bottleneck], bytes: 1e6))
        }
        #expect(try solvedRates(network, flows) == [25, 25, 25, 25])
        try network.checkInvariants()
    }

    @Test func parkingLotWithEqualLinks() throws {
        // One long flow over k = 3 links of C = 90, one short flow per link: every link
        // carries two flows, so everyone gets C / 2 = 45.
        let network = FlowNetwork()
        let links = try (0..<3).map { _ in try network.addLink(capacityBytesPerSecond: 90) }
        let long = try network.startFlow(route: links, bytes: 1e6)
        let shorts = try links.map { try network.startFlow(route: [$0], bytes: 1e6) }
        #expect(try solvedRates(network, [long] + shorts) == [45, 45, 45, 45])
    }

    @Test func parkingLotWithUnequalLinks() throws {
        // Capacities 60, 90, 120. Link 0 binds first (60 / 2 = 30): long = short0 = 30.
        // Link 1 has 90 - 30 = 60 left for short1; link 2 has 120 - 30 = 90 for short2.
        let network = FlowNetwork()
        let links = try [60.0, 90, 120].map { try network.addLink(capacityBytesPerSecond: $0) }
        let long = try network.startFlow(route: links, bytes: 1e6)
        let shorts = try links.map { try network.startFlow(route: [$0], bytes: 1e6) }
        #expect(try solvedRates(network, [long] + shorts) == [30, 30, 60, 90])
        try network.checkInvariants()
    }

    @Test func starThroughASwitch() throws {
        // Hosts A, B, C, D on a switch; each host has an uplink and a downlink. A's
        // uplink is 60, the rest 100. Flows A→B, A→C, D→B. A's uplink binds first:
        // A→B = A→C = 30. B's downlink then has 100 - 30 = 70 for D→B.
        let network = FlowNetwork()
        let up = try [60.0, 100, 100, 100].map { try network.addLink(capacityBytesPerSecond: $0) }
        let down = try (0..<4).map { _ in try network.addLink(capacityBytesPerSecond: 100) }
        let ab = try network.startFlow(route: [up[0], down[1]], bytes: 1e6)
        let ac = try network.startFlow(route: [up[0], down[2]], bytes: 1e6)
        let db = try network.startFlow(route: [up[3], down[1]], bytes: 1e6)
        #expect(try solvedRates(network, [ab, ac, db]) == [30, 30, 70])
    }

    @Test func weightsSplitInProportion() throws {
        // Weights 1, 2, 3 on 120 B/s: the fair share per unit weight is 120 / 6 = 20.
        let network = FlowNetwork()
        let link = try network.addLink(capacityBytesPerSecond: 120)
        let flows = try [1.0, 2, 3].map { try network.startFlow(route: [link], bytes: 1e6, weight: $0) }
        #expect(try solvedRates(network, flows) == [20, 40, 60])
    }

    @Test func rateCapsActAsPrivateLinks() throws {
        // Three flows on 100 B/s, one capped at 10: it takes 10, the others split 90.
        // A cap above the fair share changes nothing.
        let network = FlowNetwork()
        let link = try network.addLink(capacityBytesPerSecond: 100)
        let capped = try network.startFlow(route: [link], bytes: 1e6, rateCap: 10)
        let loose = try network.startFlow(route: [link], bytes: 1e6, rateCap: 1000)
        let free = try network.startFlow(route: [link], bytes: 1e6)
        #expect(try solvedRates(network, [capped, loose, free]) == [10, 45, 45])
        try network.checkInvariants()
    }

    @Test func weightedCapAndBottleneckTogether() throws {
        // Link 100 with flows of weight 1 (cap 20) and 3. The capped flow's cap/weight
        // 20 is below the share 100 / 4 = 25, so it fixes at 20; the other takes 80.
        let network = FlowNetwork()
        let link = try network.addLink(capacityBytesPerSecond: 100)
        let a = try network.startFlow(route: [link], bytes: 1, rateCap: 20)
        let b = try network.startFlow(route: [link], bytes: 1, weight: 3)
        #expect(try solvedRates(network, [a, b]) == [20, 80])
    }

    @Test func reroutingMovesAFlowOffTheBottleneck() throws {
        // Two flows share A (100 B/s): 50 each. Moving one to B (100 B/s) gives both 100,
        // but only from the next solve: until then the rates stay as they were.
        let network = FlowNetwork()
        let a = try network.addLink(capacityBytesPerSecond: 100)
        let b = try network.addLink(capacityBytesPerSecond: 100)
        let stay = try network.startFlow(route: [a], bytes: 1e6)
        let move = try network.startFlow(route: [a], bytes: 1e6)
        #expect(try solvedRates(network, [stay, move]) == [50, 50])
        try network.reroute(move, route: [b])
        #expect(try network.rate(of: move) == 50)
        #expect(try solvedRates(network, [stay, move], at: .second) == [100, 100])
        try network.checkInvariants()
    }
}
