import OrreryHardware
import OrreryKernel
import Testing

@testable import OrreryFabric

@Suite struct TopologyStorageTests {
    /// 4 nodes × 2 GPUs with two 8 Gb/s (1e9 B/s) storage NICs each, 3 targets at 2e9 B/s,
    /// storage leaves of 4 ports: 2 leaves of node NICs, 1 of targets, 4 storage spines.
    func withStorage() throws -> Topology {
        try Topology(
            nodes: 4, node: tinyNode(),
            design: TopologyDesign(
                scaleOut: .leafSpine(portsPerLeaf: 4),
                storage: StorageNetworkDesign(
                    nicsPerNode: 2, nicBitsPerSecond: 8e9, targets: 3, targetBitsPerSecond: 16e9, portsPerLeaf: 4)))
    }

    @Test func countsByHand() throws {
        let topology = try withStorage()
        let storage = try #require(topology.storage)
        #expect(storage.nodeLeaves == 2)
        #expect(storage.targetLeaves == 1)
        #expect(storage.spines == 4)
        #expect(storage.nodeLeafUplinkBytesPerSecond == 1e9)
        #expect(storage.targetLeafUplinkBytesPerSecond == 2e9)
        let summary = topology.summary
        // 4 nodes × 2 NICs × 2 + 3 targets × 2; 3 leaves × 4 spines × 2.
        #expect(summary.links(.storageAccess) == 22)
        #expect(summary.links(.storageCore) == 24)
        #expect(summary.storage == TopologySummary.StorageSummary(leaves: 3, spines: 4, targets: 3))
        // The compute network is unchanged by the storage network.
        #expect(summary.links == 8 * 4 + 2 * 4 * 2 + 46)
    }

    @Test func writeAndReadRoutes() throws {
        let topology = try withStorage()
        #expect(topology.storagePathCount == 8)
        var nics = Set<TopologyVertex>(), spines = Set<TopologyVertex>()
        for flow: UInt64 in 0..<256 {
            let write = try topology.route(fromRank: 3, toStorageTarget: 2, flow: flow)
            let hops = vertices(topology, write)
            #expect(hops.count == 5)
            #expect(hops.first == .host(node: 1))
            #expect(hops.last == .storageTarget(2))
            #expect(hops[3] == .storageLeaf(2))
            #expect(write.allSatisfy { topology.link($0).tier == .storageAccess || topology.link($0).tier == .storageCore })
            nics.insert(hops[1])
            spines.insert(hops[2])
            // A read of the same flow retraces the write's switches.
            let read = try topology.route(fromStorageTarget: 2, toRank: 3, flow: flow)
            #expect(vertices(topology, read) == hops.reversed())
        }
        // Node 1's NICs are ports 2 and 3 of storage leaf 0; every spine carries some flows.
        #expect(nics == [.storageLeaf(0)])
        #expect(spines.count == 4)
    }

    @Test func storageFlowsDoNotTouchTheComputeNetwork() throws {
        let topology = try withStorage()
        let network = FlowNetwork()
        try topology.install(into: network)
        // Node 0 writes to target 0 over one 1e9 NIC while GPU 0 sends to GPU 4 on another node.
        let write = try network.startFlow(route: topology.route(fromRank: 0, toStorageTarget: 0, flow: 1), bytes: 1e12)
        let compute = try network.startFlow(route: topology.route(fromRank: 0, toRank: 4, flow: 1), bytes: 1e12)
        #expect(try solvedRates(network, [write, compute]) == [1e9, 1e9])
    }

    @Test func badStorageRequestsAreErrors() throws {
        let topology = try withStorage()
        #expect(throws: TopologyError.self) { try topology.route(fromRank: 0, toStorageTarget: 3, flow: 0) }
        #expect(throws: TopologyError.self) { try topology.route(fromRank: 8, toStorageTarget: 0, flow: 0) }
        let bare = try Topology(nodes: 1, node: tinyNode(), scaleOut: .leafSpine(portsPerLeaf: 2))
        #expect(throws: TopologyError.self) { try bare.route(fromStorageTarget: 0, toRank: 0, flow: 0) }
        #expect(throws: TopologyError.self) {
            try Topology(nodes: 1, node: tinyNode(), design: TopologyDesign(
                scaleOut: .leafSpine(portsPerLeaf: 2),
                storage: StorageNetworkDesign(nicBitsPerSecond: 1e9, targets: 0, targetBitsPerSecond: 1e9)))
        }
    }
}
