import Testing
import OrreryKernel
@testable import OrreryScheduling

/// Topology-aware placement on 6 DGX-A100 nodes in leaves of 2 (nodes 0–1, 2–3, 4–5).
@Suite struct TopologyAwarePlacementTests {
    /// Occupies `gpus[i]` GPUs of node i.
    func cluster(busy: [Int]) -> ClusterState {
        var state = policyCluster(busy.count)
        for (node, count) in busy.enumerated() where count > 0 {
            state.allocate(Placement(shares: [.init(node: node, gpus: GPUSet(0..<count))]))
        }
        return state
    }

    @Test func oneNodeThenOneLeafThenFewestLeaves() throws {
        let topology = TopologyAwarePlacement(nodesPerLeaf: 2)
        // Free: leaf 0 = 2 + 8, leaf 1 = 4 + 4, leaf 2 = 0 + 6.
        let state = cluster(busy: [6, 0, 4, 4, 8, 2])
        // 5 GPUs fit on one node: the fullest that fits is node 5 (6 free).
        #expect(try #require(topology.place(gpus: 5, gpuType: nil, in: state)).shares.map(\.node) == [5])
        // 9 GPUs: one leaf can hold it; leaf 0 (10 free) is the only one ≥ 9.
        #expect(try #require(topology.place(gpus: 9, gpuType: nil, in: state)).shares.map(\.node) == [1, 0])
        // 8 GPUs on one node: node 1.
        #expect(try #require(topology.place(gpus: 8, gpuType: nil, in: state)).shares.map(\.node) == [1])
        // 16 GPUs: no leaf holds it; emptiest leaves first: leaf 0 (10), then leaf 1 (8 → 6 taken).
        let spread = try #require(topology.place(gpus: 16, gpuType: nil, in: state))
        #expect(spread.gpuCount == 16)
        #expect(topology.leaves(of: spread) == 2)
        // Consolidating placement would take the emptiest nodes anywhere: nodes 1, 5, 2.
        let plain = try #require(ConsolidatingPlacement().place(gpus: 16, gpuType: nil, in: state))
        #expect(topology.leaves(of: plain) == 3)
        #expect(topology.place(gpus: 25, gpuType: nil, in: state) == nil)
    }
}
