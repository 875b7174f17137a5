import OrreryHardware
import OrreryKernel
import Testing

@testable import OrreryFabric

@Suite struct TopologyNodeShapeTests {
    /// Two GB200 NVL72 racks (36 trays of 4 GPUs) in one scalable unit.
    @Test func nvl72DomainsSpanTrays() throws {
        let tray = try #require(HardwareCatalogue.builtIn.node(named: "GB200-NVL72"))
        let topology = try Topology(nodes: 36, node: tray, scaleOut: .railOptimisedFatTree(nodesPerScalableUnit: 36))
        #expect(topology.gpuCount == 144)
        #expect(topology.summary.nvSwitches == 2)
        #expect(topology.summary.gpusPerScaleUpDomain == 72)
        #expect(try topology.scaleUpDomain(ofRank: 71) == 0)
        #expect(try topology.scaleUpDomain(ofRank: 72) == 1)
        // Tray 0 → tray 17: NVLink through the rack's switch, at 900 GB/s per direction.
        let inRack = try topology.route(fromRank: 0, toRank: 71, flow: 1)
        #expect(vertices(topology, inRack) == [.gpu(0), .nvSwitch(domain: 0), .gpu(71)])
        #expect(topology.link(inRack[0]).capacityBytesPerSecond == 900e9)
        // Rack 0 → rack 1, same rail: one leaf hop over the NICs.
        let acrossRacks = try topology.route(fromRank: 0, toRank: 72, flow: 1)
        #expect(vertices(topology, acrossRacks) == [.gpu(0), .leaf(0), .gpu(72)])
        #expect(try topology.pathCount(fromRank: 0, toRank: 73) == topology.spinesPerPod)
    }

    /// A node whose 400 Gb/s NICs sit behind PCIe Gen4 ×16 (31.5 GB/s): the PCIe hop is
    /// in every scale-out route and is its bottleneck; NVLink routes never touch it.
    @Test func pcieSitsBetweenGPUAndNICOnlyWhenTheNodeSaysSo() throws {
        let gpu = try #require(HardwareCatalogue.builtIn.gpu(named: "H100-SXM"))
        let behindPCIe = try NodeSpec(
            name: "pcie", gpu: gpu, gpusPerNode: 2, cpuCores: 8, hostMemoryBytes: 1 << 30, nicCount: 2,
            nicBandwidthBitsPerSecond: 400e9, nvSwitchCount: 1, maxPowerWatts: 2000, nicPCIe: .gen4)
        let topology = try Topology(nodes: 2, node: behindPCIe, scaleOut: .leafSpine(portsPerLeaf: 2))
        #expect(topology.links.count == 4 * 6 + 2 * 2 * 2)
        #expect(topology.summary.links(.pcie) == 8)
        let sameLeaf = try topology.route(fromRank: 0, toRank: 1, flow: 0)
        #expect(vertices(topology, sameLeaf) == [.gpu(0), .nvSwitch(domain: 0), .gpu(1)])
        let across = try topology.route(fromRank: 0, toRank: 2, flow: 0)
        #expect(across.map { topology.link($0).tier } == [.pcie, .access, .leafSpine, .leafSpine, .access, .pcie])
        #expect(vertices(topology, across).first == .gpu(0))
        #expect(vertices(topology, across)[1] == .nic(0))

        let network = FlowNetwork()
        try topology.install(into: network)
        let flow = try network.startFlow(route: across, bytes: 1e12)
        #expect(try solvedRates(network, [flow]) == [PCIeGeneration.gen4.x16BytesPerSecond])

        // The same node without the PCIe hop: 4 links per GPU, NIC-rate routes.
        var direct = behindPCIe
        direct.nicPCIe = nil
        let plain = try Topology(nodes: 2, node: direct, scaleOut: .leafSpine(portsPerLeaf: 2))
        #expect(plain.links.count == 4 * 4 + 2 * 2 * 2)
        #expect(try plain.route(fromRank: 0, toRank: 2, flow: 0).count == 4)
        #expect(plain.gpuToNIC(rank: 0) == nil)
    }
}
