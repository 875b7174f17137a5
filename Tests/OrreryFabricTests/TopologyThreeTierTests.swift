import OrreryHardware
import OrreryKernel
import Testing

@testable import OrreryFabric

/// The vertices a route visits, source first.
func vertices(_ topology: Topology, _ route: [LinkID]) -> [TopologyVertex] {
    guard let first = route.first else { return [] }
    return [topology.link(first).from] + route.map { topology.link($0).to }
}

/// Whether every link of `route` has its reverse (same ends swapped) in the topology.
func reversible(_ topology: Topology, _ route: [LinkID]) -> Bool {
    let pairs = Set(topology.links.map { [$0.from, $0.to] })
    return route.allSatisfy { pairs.contains([topology.link($0).to, topology.link($0).from]) }
}

@Suite struct TopologyThreeTierTests {
    /// 8 nodes × 2 GPUs, scalable units of 2 nodes, pods of 4 nodes (2 units), 1:2 above the
    /// pods: 8 leaves (4 per pod) of 2 ports, 2 spines per pod, 2 cores per plane.
    func smallThreeTier() throws -> Topology {
        try Topology(
            nodes: 8, node: tinyNode(),
            design: TopologyDesign(
                scaleOut: .railOptimisedFatTree(nodesPerScalableUnit: 2), nodesPerPod: 4,
                oversubscription: Oversubscription(leaf: 1, pod: 2)))
    }

    @Test func countsAndCapacitiesByHand() throws {
        let topology = try smallThreeTier()
        let summary = topology.summary
        #expect(summary.tiers == 3)
        #expect(summary.pods == 2)
        #expect(summary.leaves == 8)
        #expect(summary.spines == 4)
        // ceil(4 leaves per pod / 2) = 2 cores per plane, 2 planes.
        #expect(summary.cores == 4)
        // 16 GPUs × 4 + 8 leaves × 2 spines × 2 + 2 pods × 2 spines × 2 cores × 2.
        #expect(summary.links(.leafSpine) == 32)
        #expect(summary.links(.spineCore) == 16)
        #expect(summary.links == 64 + 32 + 16)
        #expect(topology.leafSpineLinkBytesPerSecond == 1e9)
        // A pod's 4 leaves × 2 spines × 1e9 = 8e9 down, halved over 2 × 2 uplinks: 1e9 each.
        #expect(topology.spineCoreLinkBytesPerSecond == 1e9)
        #expect(summary.oversubscription == 1)
        #expect(summary.podOversubscription == 2)
        // Cut pod 0 | pod 1: 8 NICs (8e9) and 8 leaf uplinks (8e9), but 4 core uplinks (4e9).
        #expect(topology.bisectionBytesPerSecond == 4e9)
        #expect(try (0..<16).map { try topology.pod(ofRank: $0) } == [Int](repeating: 0, count: 8) + [Int](repeating: 1, count: 8))
    }

    @Test func routeShapes() throws {
        let topology = try smallThreeTier()
        // Same node, same leaf, same pod (other unit), other pod.
        #expect(try topology.route(fromRank: 0, toRank: 1, flow: 0).count == 2)
        #expect(try topology.route(fromRank: 0, toRank: 2, flow: 0).count == 2)
        #expect(try topology.route(fromRank: 0, toRank: 4, flow: 0).count == 4)
        #expect(try topology.pathCount(fromRank: 0, toRank: 4) == 2)
        #expect(try topology.pathCount(fromRank: 0, toRank: 8) == 4)
        for flow: UInt64 in 0..<32 {
            let route = try topology.route(fromRank: 0, toRank: 8, flow: flow)
            let choice = try topology.ecmpChoice(fromRank: 0, toRank: 8, flow: flow)
            let spine = choice / 2, core = choice % 2
            // Plane `spine` of pod 0 → core → the same plane's spine in pod 1 (spine 2 + spine).
            #expect(vertices(topology, route) == [
                .gpu(0), .leaf(0), .spine(spine), .core(spine * 2 + core), .spine(2 + spine), .leaf(4), .gpu(8),
            ])
        }
    }

    @Test func everyRouteIsContiguousSymmetricAndShortest() throws {
        let topology = try smallThreeTier()
        for source in 0..<16 {
            for destination in 0..<16 where destination != source {
                let flow = UInt64(source * 16 + destination)
                let route = try topology.route(fromRank: source, toRank: destination, flow: flow)
                let back = try topology.route(fromRank: destination, toRank: source, flow: flow)
                let hops = vertices(topology, route)
                #expect(hops.first == .gpu(source))
                #expect(hops.last == .gpu(destination))
                #expect(zip(route, route.dropFirst()).allSatisfy { topology.link($0).to == topology.link($1).from })
                #expect(route.count == back.count)
                #expect(reversible(topology, route))
                let expected = source / 2 == destination / 2 ? 2
                    : try topology.leaf(ofRank: source) == topology.leaf(ofRank: destination) ? 2
                    : try topology.pod(ofRank: source) == topology.pod(ofRank: destination) ? 4 : 6
                #expect(route.count == expected, "\(source) → \(destination)")
            }
        }
    }

    @Test func ecmpSpreadsOverSpinesAndCores() throws {
        // Leaves of 8 ports, pods of 16 nodes (4 leaves), 1:1 everywhere: 8 spines per pod,
        // 4 cores per plane, so 32 equal-cost routes between pods.
        let topology = try Topology(
            nodes: 32, node: tinyNode(),
            design: TopologyDesign(scaleOut: .leafSpine(portsPerLeaf: 8), nodesPerPod: 16))
        #expect(try topology.pathCount(fromRank: 1, toRank: 40) == 32)
        var perSpine = [Int](repeating: 0, count: 8), perCore = [Int](repeating: 0, count: 32)
        for flow: UInt64 in 0..<32_000 {
            let hops = try vertices(topology, topology.route(fromRank: 1, toRank: 40, flow: flow))
            guard case .spine(let s) = hops[2], case .core(let c) = hops[3] else {
                Issue.record("unexpected route \(hops)")
                return
            }
            perSpine[s] += 1
            perCore[c] += 1
        }
        // 4000 per spine (σ ≈ 59) and 1000 per core (σ ≈ 31): ±15 % is far outside chance.
        #expect(perSpine.allSatisfy { (3400...4600).contains($0) }, "\(perSpine)")
        #expect(perCore.allSatisfy { (850...1150).contains($0) }, "\(perCore)")
    }

    @Test func badPodsAreErrors() throws {
        let node = try tinyNode()
        // A pod must hold whole scalable units / whole leaves.
        #expect(throws: TopologyError.self) {
            try Topology(nodes: 8, node: node,
                         design: TopologyDesign(scaleOut: .railOptimisedFatTree(nodesPerScalableUnit: 2), nodesPerPod: 3))
        }
        #expect(throws: TopologyError.self) {
            try Topology(nodes: 8, node: node, design: TopologyDesign(scaleOut: .leafSpine(portsPerLeaf: 4), nodesPerPod: 3))
        }
        // A pod ratio needs pods.
        #expect(throws: TopologyError.self) {
            try Topology(nodes: 8, node: node,
                         design: TopologyDesign(scaleOut: .leafSpine(portsPerLeaf: 4), oversubscription: Oversubscription(pod: 7)))
        }
        #expect(throws: TopologyError.self) {
            try Topology(nodes: 8, node: node,
                         design: TopologyDesign(scaleOut: .leafSpine(portsPerLeaf: 4), nodesPerPod: 4, spinesPerPod: Int.max / 2))
        }
    }

    /// 2,048 DGX H100 (16,384 GPUs) in pods of 4 scalable units: builds and routes. Timing
    /// is measured in release builds, not here (see `docs/fabric.md`).
    @Test func sixteenThousandGPUsBuildAndRoute() throws {
        var design = TopologyPreset.dgxH100SuperPOD.design
        design.nodesPerPod = 128
        let topology = try Topology(nodes: 2048, node: #require(HardwareCatalogue.builtIn.node(named: "DGX-H100")), design: design)
        #expect(topology.gpuCount == 16_384)
        #expect(topology.podCount == 16)
        #expect(topology.leafCount == 512)
        #expect(topology.spineCount == 16 * 32)
        #expect(topology.coreCount == 32 * 32)
        #expect(topology.links.count == 4 * 16_384 + 2 * 512 * 32 + 2 * 16 * 32 * 32)
        #expect(topology.bisectionBytesPerSecond == 8192 * 50e9)
        #expect(try topology.route(fromRank: 0, toRank: 16_383, flow: 9).count == 6)
        #expect(try topology.route(fromRank: 0, toRank: 1023, flow: 9).count == 4)
        #expect(try topology.route(fromRank: 0, toRank: 8, flow: 9).count == 2)
    }
}
