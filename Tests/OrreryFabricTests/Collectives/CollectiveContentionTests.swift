import OrreryFabric
import OrreryKernel
import Testing

/// Collectives are flows on the shared fabric: they slow each other down exactly when
/// they share links.
@Suite struct CollectiveContentionTests {
    @Test func collectivesOnTheSameLinksShareThem() throws {
        // Two 4-rank ring all-reduces on the same GPUs: each NVLink carries both, so the
        // bandwidth term doubles (1 ms → 2 ms; α 6.42 µs unchanged).
        let bench = try CollectiveBench(.dgxA100SuperPOD, nodes: 1)
        let c = Collective(kind: .allReduce, algorithm: .ring, ranks: [0, 1, 2, 3], bytes: 155e6)
        let times = try bench.run([c, c])
        for t in times {
            #expect(within(t, time(milliseconds: 2, microseconds: 6.42), nanoseconds: 4), "\(t)")
        }
    }

    @Test func collectivesOnDisjointLinksDoNotInterfere() throws {
        let bench = try CollectiveBench(.dgxA100SuperPOD, nodes: 1)
        let a = Collective(kind: .allReduce, algorithm: .ring, ranks: [0, 1, 2, 3], bytes: 155e6)
        let b = Collective(kind: .allReduce, algorithm: .ring, ranks: [4, 5, 6, 7], bytes: 155e6)
        let times = try bench.run([a, b])
        for t in times {
            #expect(within(t, time(milliseconds: 1, microseconds: 6.42), nanoseconds: 2), "\(t)")
        }
    }

    @Test func crossNodeCollectivesShareNICs() throws {
        // Two send/recvs from GPU 0 of node 0 to node 1: one NIC, half each → 2 ms.
        let bench = try CollectiveBench(.dgxA100SuperPOD, nodes: 2)
        let a = Collective(kind: .sendRecv, algorithm: .direct, ranks: [0, 8], bytes: 24e6)
        let b = Collective(kind: .sendRecv, algorithm: .direct, ranks: [0, 9], bytes: 24e6)
        let times = try bench.run([a, b])
        for t in times {
            #expect(within(t, time(milliseconds: 2, microseconds: 6.3), nanoseconds: 4), "\(t)")
        }
    }
}
