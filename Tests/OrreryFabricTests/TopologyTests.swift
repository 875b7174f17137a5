import OrreryHardware
import OrreryKernel
import Testing

@testable import OrreryFabric

/// A small node for hand-checked topologies: `gpus` H100s, one NIC per GPU at 8 Gb/s
/// (exactly 1e9 bytes/s).
func tinyNode(gpus: Int = 2) throws -> NodeSpec {
    let gpu = try #require(HardwareCatalogue.builtIn.gpu(named: "H100-SXM"))
    return try NodeSpec(
        name: "tiny", gpu: gpu, gpusPerNode: gpus, cpuCores: 8, hostMemoryBytes: 1 << 30,
        nicCount: gpus, nicBandwidthBitsPerSecond: 8e9, nvSwitchCount: 1, maxPowerWatts: 1000)
}

@Suite struct TopologyStructureTests {
    /// 4 nodes × 2 GPUs, scalable units of 2 nodes: 2 units × 2 rails = 4 leaves of 2 ports,
    /// 2 spines (one NIC-rate uplink each at 1:1).
    func smallFatTree(oversubscription: Double = 1) throws -> Topology {
        try Topology(nodes: 4, node: tinyNode(), scaleOut: .railOptimisedFatTree(nodesPerScalableUnit: 2),
                     oversubscription: oversubscription)
    }

    @Test func smallFatTreeCounts() throws {
        let topology = try smallFatTree()
        let summary = topology.summary
        #expect(summary.gpus == 8)
        #expect(summary.nvSwitches == 4)
        #expect(summary.leaves == 4)
        #expect(summary.spines == 2)
        // 8 GPUs × (2 scale-up + 2 access) + 4 leaves × 2 spines × 2 directions.
        #expect(summary.links(.scaleUp) == 16)
        #expect(summary.links(.access) == 16)
        #expect(summary.links(.leafSpine) == 16)
        #expect(summary.links == 48)
        #expect(summary.oversubscription == 1)
        #expect(topology.leafSpineLinkBytesPerSecond == 1e9)
        // Rail r of node n sits on leaf (n / 2) × 2 + r.
        #expect(try (0..<8).map { try topology.leaf(ofRank: $0) } == [0, 1, 0, 1, 2, 3, 2, 3])
        // Scale-up links run at the H100's per-direction NVLink rate (900 GB/s total / 2).
        #expect(topology.link(topology.gpuToNVSwitch(rank: 3)).capacityBytesPerSecond == 450e9)
        #expect(topology.link(topology.gpuToNVSwitch(rank: 3)).to == .nvSwitch(domain: 1))
    }

    @Test func smallFatTreeBisectionByHand() throws {
        // Cut leaves {0, 1} | {2, 3}: 2 leaves × 2 spines × 1e9 = 4e9 = 4 NICs × 1e9.
        #expect(try smallFatTree().bisectionBytesPerSecond == 4e9)
        // At 2:1 each leaf has 1 spine at 2 × 1e9 / 2 = 1e9: the cut carries 2 × 1e9.
        let thin = try smallFatTree(oversubscription: 2)
        #expect(thin.spineCount == 1)
        #expect(thin.leafSpineLinkBytesPerSecond == 1e9)
        #expect(thin.bisectionBytesPerSecond == 2e9)
        #expect(thin.summary.links == 32 + 8)
        #expect(thin.summary.oversubscription == 2)
    }

    @Test func oversubscribedLeafSpine() throws {
        // 3 nodes × 2 GPUs in leaves of 3 ports at 2:1: 2 leaves, ceil(3 / 2) = 2 spines,
        // each uplink 3 × 1e9 / 2 / 2 = 0.75e9, so a leaf has 3e9 down and 1.5e9 up.
        let topology = try Topology(nodes: 3, node: tinyNode(), scaleOut: .leafSpine(portsPerLeaf: 3),
                                    oversubscription: 2)
        #expect(topology.leafCount == 2)
        #expect(topology.spineCount == 2)
        #expect(topology.leafSpineLinkBytesPerSecond == 0.75e9)
        #expect(topology.summary.oversubscription == 2)
        #expect(topology.summary.links == 6 * 4 + 2 * 2 * 2)
        #expect(try (0..<6).map { try topology.leaf(ofRank: $0) } == [0, 0, 0, 1, 1, 1])
        // Cut {leaf 0} | {leaf 1}: 2 uplinks × 0.75e9 = 1.5e9 (< its 3 NICs' 3e9).
        #expect(topology.bisectionBytesPerSecond == 1.5e9)
    }

    @Test func singleLeafBisectionIsHalfTheNICs() throws {
        let topology = try Topology(nodes: 2, node: tinyNode(), scaleOut: .leafSpine(portsPerLeaf: 4))
        #expect(topology.leafCount == 1)
        #expect(topology.bisectionBytesPerSecond == 2e9)
    }

    @Test func presets() throws {
        let h100 = try TopologyPreset.named("dgx-h100-superpod").topology(nodes: 32)
        #expect(h100.gpuCount == 256)
        #expect(h100.leafCount == 8)
        #expect(h100.spineCount == 32)
        #expect(h100.nicBytesPerSecond == 50e9)
        #expect(h100.leafSpineLinkBytesPerSecond == 50e9)
        #expect(h100.links.count == 4 * 256 + 2 * 8 * 32)
        #expect(h100.bisectionBytesPerSecond == 128 * 50e9)

        // 140 nodes = 7 units of 20; 56 leaves; full bisection = 560 HDR NICs.
        let a100 = try TopologyPreset.dgxA100SuperPOD.topology(nodes: 140)
        #expect(a100.leafCount == 56)
        #expect(a100.spineCount == 20)
        #expect(a100.nicBytesPerSecond == 25e9)
        #expect(a100.bisectionBytesPerSecond == 560 * 25e9)

        let thin = try TopologyPreset.dgxH100SuperPOD.topology(nodes: 64, oversubscription: 2)
        #expect(thin.spineCount == 16)
        #expect(thin.summary.oversubscription == 2)
        #expect(thin.bisectionBytesPerSecond == 256 * 50e9 / 2)

        #expect(throws: TopologyError.unknownPreset("dgx-z9")) { try TopologyPreset.named("dgx-z9") }
    }

    @Test func invalidParametersThrow() throws {
        let node = try tinyNode()
        #expect(throws: TopologyError.self) { try Topology(nodes: 0, node: node, scaleOut: .leafSpine(portsPerLeaf: 2)) }
        #expect(throws: TopologyError.self) {
            try Topology(nodes: 1, node: node, scaleOut: .leafSpine(portsPerLeaf: 2), oversubscription: 0)
        }
        #expect(throws: TopologyError.self) {
            try Topology(nodes: 1, node: node, scaleOut: .railOptimisedFatTree(nodesPerScalableUnit: 0))
        }
        let topology = try Topology(nodes: 1, node: node, scaleOut: .leafSpine(portsPerLeaf: 2))
        #expect(throws: TopologyError.gpuOutOfRange("rank 2")) { try topology.route(fromRank: 0, toRank: 2, flow: 0) }
        #expect(throws: TopologyError.self) {
            try topology.route(from: GPUAddress(node: 0, local: 2), to: GPUAddress(node: 0, local: 0), flow: 0)
        }
    }
}

@Suite struct TopologyRoutingTests {
    func smallFatTree() throws -> Topology {
        try Topology(nodes: 4, node: tinyNode(), scaleOut: .railOptimisedFatTree(nodesPerScalableUnit: 2))
    }

    @Test func intraNodeGoesThroughNVSwitch() throws {
        let topology = try smallFatTree()
        let route = try topology.route(from: GPUAddress(node: 0, local: 0), to: GPUAddress(node: 0, local: 1), flow: 7)
        #expect(route.map(\.index) == [0, 5])
        #expect(route.map { topology.link($0).from } == [.gpu(0), .nvSwitch(domain: 0)])
        #expect(route.map { topology.link($0).to } == [.nvSwitch(domain: 0), .gpu(1)])
    }

    @Test func sameRailAcrossNodesIsOneLeafHop() throws {
        let topology = try smallFatTree()
        // Node 0 rail 0 → node 1 rail 0: both on leaf 0.
        let route = try topology.route(from: GPUAddress(node: 0, local: 0), to: GPUAddress(node: 1, local: 0), flow: 1)
        #expect(route.map(\.index) == [2, 11])
        #expect(route.map { topology.link($0).to } == [.leaf(0), .gpu(2)])
        #expect(try topology.pathCount(fromRank: 0, toRank: 2) == 1)
    }

    @Test func crossRailAndCrossUnitGoThroughASpine() throws {
        let topology = try smallFatTree()
        for flow: UInt64 in 0..<16 {
            // Cross-rail in one unit: leaf 0 → spine c → leaf 1.
            let crossRail = try topology.route(fromRank: 0, toRank: 3, flow: flow)
            let c = try topology.ecmpChoice(fromRank: 0, toRank: 3, flow: flow)
            #expect(crossRail.map(\.index) == [2, Int32(32 + 2 * c), Int32(32 + 2 * (2 + c) + 1), 15])
            #expect(crossRail.map { topology.link($0).to } == [.leaf(0), .spine(c), .leaf(1), .gpu(3)])
            // Same rail, other unit: leaf 0 → spine → leaf 2.
            let crossUnit = try topology.route(fromRank: 0, toRank: 4, flow: flow)
            #expect(crossUnit.map { topology.link($0).to }.dropFirst().prefix(2).last == .leaf(2))
            #expect(crossUnit.count == 4)
        }
        #expect(try topology.pathCount(fromRank: 0, toRank: 3) == 2)
    }

    @Test func routesAreContiguousPaths() throws {
        let topology = try smallFatTree()
        for source in 0..<8 {
            for destination in 0..<8 where destination != source {
                let route = try topology.route(fromRank: source, toRank: destination, flow: UInt64(source * 8 + destination))
                let hops = route.map { topology.link($0) }
                #expect(hops.first?.from == .gpu(source))
                #expect(hops.last?.to == .gpu(destination))
                for (a, b) in zip(hops, hops.dropFirst()) { #expect(a.to == b.from) }
            }
        }
    }

    @Test func ecmpChoicesArePinnedAcrossRuns() throws {
        // Expected values computed independently (SplitMix64 finaliser in Python):
        // h = mix(src); h = mix(h ^ dst); h = mix(h ^ flow); choice = h % paths.
        let topology = try smallFatTree()
        #expect(try (0..<16).map { try topology.ecmpChoice(fromRank: 0, toRank: 3, flow: UInt64($0)) }
                == [0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 1, 1, 0, 0, 0])
        let wide = try Topology(nodes: 8, node: tinyNode(), scaleOut: .leafSpine(portsPerLeaf: 8))
        #expect(wide.spineCount == 8)
        #expect(try (0..<16).map { try wide.ecmpChoice(fromRank: 0, toRank: 12, flow: UInt64($0)) }
                == [6, 6, 1, 1, 1, 4, 7, 4, 0, 7, 2, 0, 7, 0, 7, 0])
    }

    @Test func ecmpSpreadsFlowsEvenly() throws {
        let topology = try Topology(nodes: 8, node: tinyNode(), scaleOut: .leafSpine(portsPerLeaf: 8))
        var perSpine = [Int](repeating: 0, count: 8)
        for flow: UInt64 in 0..<8000 {
            let route = try topology.route(fromRank: 1, toRank: 14, flow: flow)
            guard case .spine(let s) = topology.link(route[1]).to else {
                Issue.record("second hop is not a spine")
                return
            }
            perSpine[s] += 1
        }
        // 1000 expected per spine; binomial σ ≈ 30, so ±15% is far outside chance.
        #expect(perSpine.allSatisfy { (850...1150).contains($0) }, "\(perSpine)")
        // Routes are cached per (source, destination, choice): 8 entries, not 8000.
        #expect(topology.cachedRouteCount == 8)
        // A fresh copy of the topology routes the same flows the same way.
        let again = try Topology(nodes: 8, node: tinyNode(), scaleOut: .leafSpine(portsPerLeaf: 8))
        for flow: UInt64 in 0..<64 {
            #expect(try again.route(fromRank: 1, toRank: 14, flow: flow) == topology.route(fromRank: 1, toRank: 14, flow: flow))
        }
    }
}

@Suite struct TopologyFlowTests {
    @Test func twoFlowsShareAnOversubscribedUplink() throws {
        // 2 nodes × 2 GPUs, one node per leaf (2 ports), 2:1 → 1 spine, uplink 2e9 / 2 = 1e9.
        let topology = try Topology(nodes: 2, node: tinyNode(), scaleOut: .leafSpine(portsPerLeaf: 2),
                                    oversubscription: 2)
        #expect(topology.spineCount == 1)
        let network = FlowNetwork()
        try topology.install(into: network)
        #expect(network.linkCount == topology.links.count)
        #expect(try network.capacity(of: topology.leafToSpine(leaf: 0, spine: 0)) == 1e9)

        // GPUs 0 and 1 (leaf 0) send to 2 and 3 (leaf 1): both NICs could send 1e9, but
        // they share leaf 0's single 1e9 uplink → 0.5e9 each. The reverse flow 2 → 0 uses
        // the other direction's links and gets its full NIC rate, 1e9. The intra-node flow
        // 0 → 1 rides NVLink at 450e9, untouched by the NIC traffic.
        let a = try network.startFlow(route: topology.route(fromRank: 0, toRank: 2, flow: 1), bytes: 1e12)
        let b = try network.startFlow(route: topology.route(fromRank: 1, toRank: 3, flow: 2), bytes: 1e12)
        let back = try network.startFlow(route: topology.route(fromRank: 2, toRank: 0, flow: 3), bytes: 1e12)
        let local = try network.startFlow(route: topology.route(fromRank: 0, toRank: 1, flow: 4), bytes: 1e12)
        #expect(try solvedRates(network, [a, b, back, local]) == [0.5e9, 0.5e9, 1e9, 450e9])
        try network.checkInvariants()

        // At 1:1 (2 spines of 1e9 each) the same two flows could each get 1e9, but ECMP
        // may put both on one spine; the sum is 1e9 or 2e9 depending on the hash, and
        // never more than the NICs allow.
        let full = try Topology(nodes: 2, node: tinyNode(), scaleOut: .leafSpine(portsPerLeaf: 2))
        let fullNetwork = FlowNetwork()
        try full.install(into: fullNetwork)
        let spines = try [1, 2].map { try full.ecmpChoice(fromRank: $0 - 1, toRank: $0 + 1, flow: UInt64($0)) }
        let x = try fullNetwork.startFlow(route: full.route(fromRank: 0, toRank: 2, flow: 1), bytes: 1e12)
        let y = try fullNetwork.startFlow(route: full.route(fromRank: 1, toRank: 3, flow: 2), bytes: 1e12)
        let rates = try solvedRates(fullNetwork, [x, y])
        #expect(rates == (spines[0] == spines[1] ? [0.5e9, 0.5e9] : [1e9, 1e9]))
    }

    @Test func installRefusesANonEmptyNetwork() throws {
        let topology = try Topology(nodes: 1, node: tinyNode(), scaleOut: .leafSpine(portsPerLeaf: 2))
        let network = FlowNetwork()
        _ = try network.addLink(capacityBytesPerSecond: 1)
        #expect(throws: TopologyError.self) { try topology.install(into: network) }
    }
}
