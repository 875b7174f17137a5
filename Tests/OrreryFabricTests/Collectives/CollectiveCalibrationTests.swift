import OrreryFabric
import OrreryKernel
import Testing

/// Large-message bus bandwidth against published nccl-tests figures (±10 %), and the
/// small-message latency-bound region (sources in docs/fabric.md, "Collectives").
@Suite struct CollectiveCalibrationTests {
    static let large = 8.0 * 1024 * 1024 * 1024

    func busBandwidth(_ preset: TopologyPreset, nodes: Int, algorithm: CollectiveAlgorithm = .ring) throws -> Double {
        let bench = try CollectiveBench(preset, nodes: nodes)
        let c = Collective(kind: .allReduce, algorithm: algorithm, ranks: bench.packed(nodes: nodes, gpus: 8), bytes: Self.large)
        return busBandwidthGBps(c, try bench.time(c))
    }

    @Test func a100NodeAllReduce() throws {
        // ≈ 232 GB/s on one 8 × A100 NVLink3 node (nccl-tests #175: 232.54; #149: ~230).
        let busbw = try busBandwidth(.dgxA100SuperPOD, nodes: 1)
        #expect(abs(busbw - 232) <= 0.1 * 232, "busbw \(busbw) GB/s")
    }

    @Test func h100NodeRingAllReduce() throws {
        // ≈ 370 GB/s on one 8 × H100 NVLink4 node with NCCL_ALGO=RING (nccl-tests #212).
        let busbw = try busBandwidth(.dgxH100SuperPOD, nodes: 1)
        #expect(abs(busbw - 370) <= 0.1 * 370, "busbw \(busbw) GB/s")
    }

    @Test(arguments: [2, 4])
    func a100NodesAllReduce(nodes: Int) throws {
        // ≈ 192 GB/s across DGX A100 nodes with 8 × HDR (NCCL #1576, quoting #812).
        let busbw = try busBandwidth(.dgxA100SuperPOD, nodes: nodes)
        #expect(abs(busbw - 192) <= 0.1 * 192, "\(nodes) nodes: busbw \(busbw) GB/s")
    }

    @Test(arguments: [2, 4])
    func h100NodesAllReducePerNIC(nodes: Int) throws {
        // 46–49 GB/s per 400 Gb/s NDR NIC (nccl-tests #290, #267): ±10 % of 47.5.
        let perNIC = try busBandwidth(.dgxH100SuperPOD, nodes: nodes) / 8
        #expect(abs(perNIC - 47.5) <= 0.1 * 47.5, "\(nodes) nodes: \(perNIC) GB/s per NIC")
    }

    @Test func smallMessagesAreLatencyBound() throws {
        // From 8 B to 8 KiB the time stays within 5 % of the α term; at 8 GiB the
        // bandwidth term dominates.
        let bench = try CollectiveBench(.dgxH100SuperPOD, nodes: 2)
        let ranks = bench.packed(nodes: 2, gpus: 8)
        var times: [SimTime] = []
        for bytes in [8.0, 64, 1024, 8192] {
            times.append(try bench.time(Collective(kind: .allReduce, algorithm: .ring, ranks: ranks, bytes: bytes)))
        }
        let floor = try bench.time(Collective(kind: .allReduce, algorithm: .ring, ranks: ranks, bytes: 0))
        #expect(floor > .microsecond.scaled(by: 10), "\(floor)")
        for t in times {
            #expect(Double(t.nanoseconds) <= 1.05 * Double(floor.nanoseconds), "\(t) vs α \(floor)")
        }
    }
}
