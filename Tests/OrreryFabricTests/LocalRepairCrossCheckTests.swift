import OrreryKernel
import Testing

@testable import OrreryFabric

/// The local repair (cflow.h, "Local repair") on networks shaped like the ones it is
/// for: many hosts, each flow on its source's uplink, maybe a core link, and its
/// destination's downlink, so one change moves only part of a large component. After
/// every step the incremental rates must match ``ReferenceSolver`` within 1e-9 relative
/// and the invariants (I1–I5) must hold. Every failure names its seed.
@Suite struct LocalRepairCrossCheckTests {
    private static let hosts = 10
    private static let cores = 3

    /// Link indices: uplinks 0..<hosts, downlinks hosts..<2 hosts, then the core links.
    private static func randomRoute(_ rng: inout SplitMix) -> [Int] {
        let source = Int.random(in: 0..<hosts, using: &rng)
        var destination = Int.random(in: 0..<(hosts - 1), using: &rng)
        if destination >= source { destination += 1 }
        guard Bool.random(using: &rng) else { return [source, hosts + destination] }
        return [source, 2 * hosts + Int.random(in: 0..<cores, using: &rng), hosts + destination]
    }

    private static func randomCapacity(_ rng: inout SplitMix) -> Double {
        Int.random(in: 0..<12, using: &rng) == 0 ? 0 : Double(Int.random(in: 1...100, using: &rng)) * 1e7
    }

    @Test(arguments: 0..<80)
    func localRepairMatchesReference(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        let network = FlowNetwork()
        var capacities: [Double] = []
        var links: [LinkID] = []
        for _ in 0..<(2 * Self.hosts + Self.cores) {
            capacities.append(Self.randomCapacity(&rng))
            links.append(try network.addLink(capacityBytesPerSecond: capacities[capacities.count - 1]))
        }
        var flows: [FlowID: ReferenceSolver.Flow] = [:]
        var now = SimTime.zero
        for step in 0..<80 {
            let op = Int.random(in: 0..<10, using: &rng)
            let live = flows.keys.sorted { $0.raw < $1.raw }
            if op < 5 || live.count < 4 {
                let route = Self.randomRoute(&rng)
                let cap: Double? = Int.random(in: 0..<4, using: &rng) == 0 ? Double(Int.random(in: 1...50, using: &rng)) * 1e7 : nil
                let weight = Int.random(in: 0..<4, using: &rng) == 0 ? Double.random(in: 0.5...3, using: &rng) : 1
                let bytes = Double(Int.random(in: 0...1_000_000, using: &rng)) * 1e4
                let flow = try network.startFlow(route: route.map { links[$0] }, bytes: bytes, rateCap: cap, weight: weight)
                flows[flow] = .init(route: route, cap: cap, weight: weight)
            } else if op < 7 {
                let flow = live.randomElement(using: &rng)!
                try network.removeFlow(flow)
                flows[flow] = nil
            } else if op < 8 {
                let flow = live.randomElement(using: &rng)!
                let route = Self.randomRoute(&rng)
                try network.reroute(flow, route: route.map { links[$0] })
                flows[flow]!.route = route
            } else if op < 9 {
                let link = Int.random(in: 0..<links.count, using: &rng)
                capacities[link] = Self.randomCapacity(&rng)
                try network.setCapacity(links[link], bytesPerSecond: capacities[link])
            } else {
                now += SimTime(nanoseconds: Int64.random(in: 0...500_000_000, using: &rng))
                for flow in try network.popCompleted(at: now) { flows[flow] = nil }
            }
            try network.solve(at: now)
            do { try network.checkInvariants() } catch {
                Issue.record("seed \(seed) step \(step): \(error)")
                return
            }
            let ordered = Array(flows)
            let expected = ReferenceSolver.rates(capacities: capacities, flows: ordered.map(\.value))
            for (index, (flow, _)) in ordered.enumerated() {
                let rate = try network.rate(of: flow)
                #expect(agree(rate, expected[index]), "seed \(seed) step \(step): \(flow) rate \(rate), reference \(expected[index])")
            }
        }
        #expect(network.statistics.localRepairs > 0, "seed \(seed): no solve took the local repair")
    }

    @Test func aChangeFarFromOthersResolvesFewFlows() throws {
        // Thirty flows on thirty disjoint host pairs all share one core link that is
        // not their bottleneck, so they form one component. Adding a flow between two
        // fresh hosts through that core moves no other flow: the repair re-solves only
        // the new flow, where a whole-component solve would redo all 31.
        let network = FlowNetwork()
        let core = try network.addLink(capacityBytesPerSecond: 1e12)
        var flows: [FlowID] = []
        for _ in 0..<31 {
            let up = try network.addLink(capacityBytesPerSecond: 1e9)
            let down = try network.addLink(capacityBytesPerSecond: 1e9)
            flows.append(try network.startFlow(route: [up, core, down], bytes: 1e12))
        }
        let last = flows.removeLast()
        try network.removeFlow(last)
        try network.solve(at: .zero)
        let before = network.statistics
        let up = try network.addLink(capacityBytesPerSecond: 1e9)
        let down = try network.addLink(capacityBytesPerSecond: 1e9)
        let added = try network.startFlow(route: [up, core, down], bytes: 1e12)
        try network.solve(at: .second)
        let after = network.statistics
        #expect(after.flowsResolved - before.flowsResolved == 1)
        #expect(after.localRepairs - before.localRepairs == 1)
        #expect(try network.rate(of: added) == 1e9)
        try network.checkInvariants()
    }
}
