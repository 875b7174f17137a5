import OrreryFabric
import OrreryKernel
import Testing

/// Each algorithm on a small group, against times worked by hand. DGX A100: NVLink
/// 300 GB/s per direction at efficiency 0.775 (232.5 GB/s), HDR NICs 25 GB/s at 0.96
/// (24 GB/s); latencies 3.6 µs ring base, 0.47 / 2.7 µs per NVLink / network step,
/// 4.4 µs tree base, 0.52 / 5.0 µs per tree level.
@Suite struct HandComputedCollectiveTests {
    @Test func ringAllReduceInsideANode() throws {
        // 4 ranks: each sends 2·3/4·S = 1.5 S; S = 155 MB → 232.5 MB / 232.5 GB/s = 1 ms.
        // α = 3.6 + 6 × 0.47 = 6.42 µs.
        let bench = try CollectiveBench(.dgxA100SuperPOD, nodes: 1)
        let t = try bench.time(Collective(kind: .allReduce, algorithm: .ring, ranks: [0, 1, 2, 3], bytes: 155e6))
        #expect(within(t, time(milliseconds: 1, microseconds: 6.42), nanoseconds: 2), "\(t)")
    }

    @Test func ringAllReduceAcrossTwoNodes() throws {
        // 16 ranks: per-link 2·15/16·S = 1.875 S. Each NIC carries 1/8 of it at 24 GB/s
        // (192 GB/s per node) — slower than NVLink's 232.5. S = 1.024 GB → 10 ms.
        // α = 3.6 + 28 × 0.47 + 2 × 2.7 = 22.16 µs.
        let bench = try CollectiveBench(.dgxA100SuperPOD, nodes: 2)
        let c = Collective(kind: .allReduce, algorithm: .ring, ranks: bench.packed(nodes: 2, gpus: 8), bytes: 1.024e9)
        let t = try bench.time(c)
        #expect(within(t, time(milliseconds: 10, microseconds: 22.16), nanoseconds: 2), "\(t)")
    }

    @Test func treeAllReduceOneRankPerNode() throws {
        // Two domains of one rank: each rank sends S/2 up one tree and S/2 down the
        // other, S in all at 24 × 0.9 = 21.6 GB/s. S = 216 MB → 10 ms.
        // α = 4.4 + 2 × (0 + 1 × 5.0) = 14.4 µs.
        let bench = try CollectiveBench(.dgxA100SuperPOD, nodes: 2)
        let t = try bench.time(Collective(kind: .allReduce, algorithm: .tree, ranks: [0, 8], bytes: 216e6))
        #expect(within(t, time(milliseconds: 10, microseconds: 14.4), nanoseconds: 2), "\(t)")
    }

    @Test func hierarchicalAllReduceTwoByTwo() throws {
        // Ranks 0, 1 | 8, 9. Reduce-scatter inside: S/2 at 232.5 GB/s; S = 465 MB → 1 ms,
        // α 3.6 + 0.47. All-reduce across on S/2: 2·1/2·S/2 = 232.5 MB at 24 GB/s =
        // 9.6875 ms, α 3.6 + 2 × 2.7. All-gather inside as the first phase.
        let bench = try CollectiveBench(.dgxA100SuperPOD, nodes: 2)
        let t = try bench.time(Collective(kind: .allReduce, algorithm: .hierarchical, ranks: [0, 1, 8, 9], bytes: 465e6))
        #expect(within(t, time(milliseconds: 11.6875, microseconds: 2 * 4.07 + 9.0), nanoseconds: 4), "\(t)")
    }

    @Test func sendRecvAcrossNodes() throws {
        // 24 MB at 24 GB/s = 1 ms; α = 3.6 + 2.7 µs.
        let bench = try CollectiveBench(.dgxA100SuperPOD, nodes: 2)
        let t = try bench.time(Collective(kind: .sendRecv, algorithm: .direct, ranks: [0, 8], bytes: 24e6))
        #expect(within(t, time(milliseconds: 1, microseconds: 6.3), nanoseconds: 2), "\(t)")
    }

    @Test func allToAllInsideANode() throws {
        // 4 ranks, each sends S/4 to 3 peers: 3S/4 through its NVLink. S = 310 MB → 1 ms.
        let bench = try CollectiveBench(.dgxA100SuperPOD, nodes: 1)
        let t = try bench.time(Collective(kind: .allToAll, algorithm: .direct, ranks: [0, 1, 2, 3], bytes: 310e6))
        #expect(within(t, time(milliseconds: 1, microseconds: 4.07), nanoseconds: 2), "\(t)")
    }

    @Test func ringBroadcastInsideANode() throws {
        // A pipelined chain: every link carries S; S = 232.5 MB → 1 ms; α = 3.6 + 3 × 0.47.
        let bench = try CollectiveBench(.dgxA100SuperPOD, nodes: 1)
        let t = try bench.time(Collective(kind: .broadcast, algorithm: .ring, ranks: [2, 0, 1, 3], bytes: 232.5e6))
        #expect(within(t, time(milliseconds: 1, microseconds: 5.01), nanoseconds: 2), "\(t)")
    }

    @Test func ringReduceScatterOneRankPerNode() throws {
        // Two ranks on two nodes: each sends S/2 over its NIC; S = 48 MB → 1 ms.
        // α = 3.6 + 1 × 2.7 µs.
        let bench = try CollectiveBench(.dgxA100SuperPOD, nodes: 2)
        let t = try bench.time(Collective(kind: .reduceScatter, algorithm: .ring, ranks: [0, 8], bytes: 48e6))
        #expect(within(t, time(milliseconds: 1, microseconds: 6.3), nanoseconds: 2), "\(t)")
    }

    @Test func zeroBytesCompleteAfterTheLatencyAlone() throws {
        let bench = try CollectiveBench(.dgxA100SuperPOD, nodes: 2)
        let t = try bench.time(Collective(kind: .allReduce, algorithm: .ring, ranks: [0, 1, 2, 3], bytes: 0))
        #expect(t == time(microseconds: 6.42))
        #expect(bench.collectives.statistics.flowsStarted == 0)
        let h = try bench.time(Collective(kind: .allReduce, algorithm: .hierarchical, ranks: [0, 1, 8, 9], bytes: 0))
        #expect(h == time(microseconds: 6.42 + 2 * 4.07 + 9.0))
    }

    @Test func aSingleRankCompletesAtOnceFromTheEventLoop() throws {
        let bench = try CollectiveBench(.dgxA100SuperPOD, nodes: 1)
        var finished: SimTime?
        try bench.collectives.start(Collective(kind: .allReduce, ranks: [3], bytes: 1e9)) { finished = $0 }
        #expect(finished == nil, "not inside start")
        bench.simulation.run()
        #expect(finished == .zero)
    }
}
