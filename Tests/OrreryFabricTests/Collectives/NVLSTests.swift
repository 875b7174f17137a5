import OrreryFabric
import OrreryHardware
import OrreryKernel
import Testing

/// NVLink SHARP all-reduce: calibration on 8 × H100, where it applies, and how it
/// compares with the ring (docs/fabric.md, "NVLS").
@Suite struct NVLSTests {
    static let large = 8.0 * 1024 * 1024 * 1024

    @Test func h100NodeBusBandwidth() throws {
        // ≈ 480 GB/s all-reduce bus bandwidth on one 8 × H100 node with NVLS (nccl-tests
        // issue #212), against ≈ 370 GB/s for the ring.
        let bench = try CollectiveBench(.dgxH100SuperPOD, nodes: 1)
        let c = Collective(kind: .allReduce, algorithm: .nvls, ranks: bench.packed(nodes: 1, gpus: 8), bytes: Self.large)
        let busbw = busBandwidthGBps(c, try bench.time(c))
        #expect(abs(busbw - 480) <= 0.1 * 480, "busbw \(busbw) GB/s")
    }

    @Test func perLinkBytesAndTimeByHand() throws {
        // 2 × H100, S = 1 GB: each NVLink carries S (n + 1) / n = 1.5 GB at
        // 450 GB/s × 0.686 = 308.7 GB/s → 4.859 ms, after α = 25 µs.
        let bench = try CollectiveBench(.dgxH100SuperPOD, nodes: 1)
        let c = Collective(kind: .allReduce, algorithm: .nvls, ranks: [0, 1], bytes: 1e9)
        let plan = try bench.collectives.plan(c)
        #expect(plan.algorithm == .nvls && plan.phases.count == 1 && plan.flowCount == 2)
        #expect(plan.phases[0].latency == .microsecond.scaled(by: 25))
        let expected = 25e-6 + 1.5e9 / (450e9 * 0.686)
        let simulated = try bench.time(c).seconds
        #expect(abs(simulated - expected) <= 1e-8, "\(simulated) vs \(expected)")
    }

    @Test func beatsTheRingOnLargeMessagesNotOnSmallOnes() throws {
        let bench = try CollectiveBench(.dgxH100SuperPOD, nodes: 1)
        let ranks = bench.packed(nodes: 1, gpus: 8)
        func time(_ algorithm: CollectiveAlgorithm, _ bytes: Double) throws -> SimTime {
            try CollectiveBench(.dgxH100SuperPOD, nodes: 1).time(Collective(kind: .allReduce, algorithm: algorithm, ranks: ranks, bytes: bytes))
        }
        let (nvlsLarge, ringLarge) = (try time(.nvls, 1e9), try time(.ring, 1e9))
        let (nvlsSmall, ringSmall) = (try time(.nvls, 8), try time(.ring, 8))
        #expect(nvlsLarge < ringLarge)
        #expect(nvlsSmall > ringSmall, "NVLS pays 25 µs of α, the ring ~10 µs")
    }

    @Test func needsNVLinkSHARP() throws {
        let bench = try CollectiveBench(.dgxA100SuperPOD, nodes: 1)
        let c = Collective(kind: .allReduce, algorithm: .nvls, ranks: bench.packed(nodes: 1, gpus: 8), bytes: 1e6)
        var thrown: CollectiveError?
        do { try bench.collectives.start(c) { _ in } } catch { thrown = error }
        guard case .unavailable(.nvls, _)? = thrown else {
            Issue.record("expected unavailable, got \(String(describing: thrown))")
            return
        }
        let shape = try CollectiveShape(topology: bench.topology, ranks: c.ranks)
        #expect(throws: CollectiveError.self) { try CollectiveCostModel().time(.allReduce, algorithm: .nvls, bytes: 1e6, shape: shape) }
    }

    @Test func staysInsideOneScaleUpDomain() throws {
        let bench = try CollectiveBench(.dgxH100SuperPOD, nodes: 2)
        let c = Collective(kind: .allReduce, algorithm: .nvls, ranks: bench.packed(nodes: 2, gpus: 8), bytes: 1e6)
        var thrown: CollectiveError?
        do { try bench.collectives.start(c) { _ in } } catch { thrown = error }
        guard case .invalidGroup(let why)? = thrown else {
            Issue.record("expected invalidGroup, got \(String(describing: thrown))")
            return
        }
        #expect(why.contains("one NVSwitch domain"))
        #expect(throws: CollectiveError.self) {
            try bench.collectives.start(Collective(kind: .allGather, algorithm: .nvls, ranks: [0, 1], bytes: 1e6)) { _ in }
        }
    }

    @Test func runsAcrossAnNVL72Rack() throws {
        // 18 GB200 trays share one NVLink domain: NVLS spans the 72 GPUs of the rack.
        guard let nvl72 = HardwareCatalogue.builtIn.node(named: "GB200-NVL72") else {
            Issue.record("no GB200-NVL72 in the catalogue")
            return
        }
        let topology = try TopologyPreset.dgxH100SuperPOD.topology(nodes: 18, node: nvl72)
        let simulation = Simulation(seed: 1)
        let network = NetworkSimulator(simulation: simulation)
        try topology.install(into: network)
        let collectives = FabricCollectives(simulation: simulation, network: network, topology: topology)
        var done: SimTime?
        try collectives.start(Collective(kind: .allReduce, algorithm: .nvls, ranks: Array(0..<72), bytes: 1e9)) { done = $0 }
        simulation.run()
        #expect(done != nil)
    }
}
