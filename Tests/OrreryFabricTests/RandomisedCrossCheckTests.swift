import OrreryKernel
import Testing

@testable import OrreryFabric

/// Random sequences of changes to a network, solved incrementally by the C model and
/// from scratch by ``ReferenceSolver`` after every step; rates must agree within 1e-9
/// relative and the model's invariants must hold. Every failure names its seed.
@Suite struct RandomisedCrossCheckTests {
    /// The test's own record of what the network should contain.
    private struct Mirror {
        var capacities: [Double] = []
        var flows: [FlowID: ReferenceSolver.Flow] = [:]
    }

    private static func randomRoute(_ links: Int, _ rng: inout SplitMix) -> [Int] {
        Array((0..<links).shuffled(using: &rng).prefix(Int.random(in: 1...min(4, links), using: &rng)))
    }

    private static func randomCapacity(_ rng: inout SplitMix) -> Double {
        Int.random(in: 0..<6, using: &rng) == 0 ? 0 : Double(Int.random(in: 1...1000, using: &rng)) * 1e6
    }

    @Test(arguments: 0..<120)
    func incrementalSolverMatchesReference(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        let network = FlowNetwork()
        var mirror = Mirror()
        var links: [LinkID] = []
        for _ in 0..<Int.random(in: 1...8, using: &rng) {
            let capacity = Self.randomCapacity(&rng)
            links.append(try network.addLink(capacityBytesPerSecond: capacity))
            mirror.capacities.append(capacity)
        }
        var now = SimTime.zero
        for step in 0..<60 {
            let op = Int.random(in: 0..<10, using: &rng)
            let live = mirror.flows.keys.sorted { $0.raw < $1.raw }
            if op < 4 || live.isEmpty {
                let route = Self.randomRoute(links.count, &rng)
                let cap: Double? = Bool.random(using: &rng) ? nil : Double(Int.random(in: 1...500, using: &rng)) * 1e6
                let weight = Int.random(in: 0..<3, using: &rng) == 0 ? Double.random(in: 0.25...4, using: &rng) : 1
                let bytes = Double(Int.random(in: 0...1_000_000, using: &rng)) * 1e3
                let flow = try network.startFlow(
                    route: route.map { links[$0] }, bytes: bytes, rateCap: cap, weight: weight)
                mirror.flows[flow] = .init(route: route, cap: cap, weight: weight)
            } else if op < 5 {
                let flow = live.randomElement(using: &rng)!
                try network.removeFlow(flow)
                mirror.flows[flow] = nil
            } else if op < 6 {
                let flow = live.randomElement(using: &rng)!
                let route = Self.randomRoute(links.count, &rng)
                try network.reroute(flow, route: route.map { links[$0] })
                mirror.flows[flow]!.route = route
            } else if op < 8 {
                let link = Int.random(in: 0..<links.count, using: &rng)
                mirror.capacities[link] = Self.randomCapacity(&rng)
                try network.setCapacity(links[link], bytesPerSecond: mirror.capacities[link])
            } else {
                now += SimTime(nanoseconds: Int64.random(in: 0...2_000_000_000, using: &rng))
                for flow in try network.popCompleted(at: now) { mirror.flows[flow] = nil }
            }
            try network.solve(at: now)
            try compare(network, mirror, seed: seed, step: step)
        }
    }

    private func compare(_ network: FlowNetwork, _ mirror: Mirror, seed: UInt64, step: Int) throws {
        do { try network.checkInvariants() } catch {
            Issue.record("seed \(seed) step \(step): \(error)")
            return
        }
        let flows = Array(mirror.flows)
        let expected = ReferenceSolver.rates(capacities: mirror.capacities, flows: flows.map(\.value))
        #expect(network.flowCount == flows.count, "seed \(seed) step \(step): flow count")
        for (index, (flow, _)) in flows.enumerated() {
            let rate = try network.rate(of: flow)
            #expect(
                agree(rate, expected[index]),
                "seed \(seed) step \(step): \(flow) rate \(rate), reference \(expected[index])")
        }
    }

    @Test(arguments: 0..<20)
    func completionsConserveBytes(seed: UInt64) throws {
        // Flows on random routes run to completion; every flow completes exactly once,
        // and at each completion its remaining bytes (just before) were ≥ 0.
        var rng = SplitMix(seed: seed)
        let network = FlowNetwork()
        let links = try (0..<4).map { _ in
            try network.addLink(capacityBytesPerSecond: Double(Int.random(in: 1...100, using: &rng)) * 1e6)
        }
        var started = Set<FlowID>()
        for _ in 0..<30 {
            let route = Self.randomRoute(links.count, &rng).map { links[$0] }
            started.insert(try network.startFlow(route: route, bytes: Double.random(in: 0...1e8, using: &rng)))
        }
        var finished = Set<FlowID>()
        var now = SimTime.zero
        try network.solve(at: now)
        while let next = network.nextCompletion {
            #expect(next >= now, "seed \(seed): completion in the past")
            now = next
            let done = try network.popCompleted(at: now)
            #expect(!done.isEmpty, "seed \(seed): the next completion popped nothing")
            for flow in done { #expect(finished.insert(flow).inserted, "seed \(seed): \(flow) twice") }
            try network.solve(at: now)
            do { try network.checkInvariants() } catch { Issue.record("seed \(seed): \(error)") }
        }
        #expect(finished == started, "seed \(seed): not every flow completed")
    }
}
