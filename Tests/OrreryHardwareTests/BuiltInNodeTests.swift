@testable import OrreryHardware
import Testing

/// One DGX system from the calibration notes and DGX user guides.
struct NodeCalibration: Sendable, CustomStringConvertible {
    var name: String
    var gpuName: String
    var nvSwitchCount: Int
    var nicGbPerSecond: Double
    var maxPowerWatts: Double
    var cpuCores: Int

    var description: String { name }

    static let table = [
        NodeCalibration(name: "DGX-A100", gpuName: "A100-80GB", nvSwitchCount: 6, nicGbPerSecond: 200,
                        maxPowerWatts: 6_500, cpuCores: 128),
        NodeCalibration(name: "DGX-H100", gpuName: "H100-SXM", nvSwitchCount: 4, nicGbPerSecond: 400,
                        maxPowerWatts: 10_200, cpuCores: 112),
        NodeCalibration(name: "DGX-H200", gpuName: "H200-SXM", nvSwitchCount: 4, nicGbPerSecond: 400,
                        maxPowerWatts: 10_200, cpuCores: 112),
        NodeCalibration(name: "DGX-B200", gpuName: "B200", nvSwitchCount: 2, nicGbPerSecond: 400,
                        maxPowerWatts: 14_300, cpuCores: 112),
    ]
}

struct BuiltInNodeTests {
    @Test(arguments: NodeCalibration.table)
    func matchesCalibrationTable(row: NodeCalibration) throws {
        let node = try #require(HardwareCatalogue.builtIn.node(named: row.name))
        #expect(node.gpu == HardwareCatalogue.builtIn.gpu(named: row.gpuName))
        #expect(node.gpusPerNode == 8)
        #expect(node.nvSwitchCount == row.nvSwitchCount)
        #expect(node.nicCount == 8)
        #expect(node.nicBandwidthBitsPerSecond == row.nicGbPerSecond * 1e9)
        #expect(node.maxPowerWatts == row.maxPowerWatts)
        #expect(node.cpuCores == row.cpuCores)
        #expect(node.hostMemoryBytes == 2 * tib)
        // The rated maximum must cover every GPU at TDP with room for the host.
        #expect(node.maxPowerWatts > Double(node.gpusPerNode) * node.gpu.tdpWatts)
    }

    @Test(arguments: HardwareCatalogue.builtIn.nodes)
    func builtInEntriesPassValidation(node: NodeSpec) throws {
        try node.validate()
    }
}

struct RackScaleNodeTests {
    /// A GB200 NVL72 rack is 18 compute trays of 4 GPUs sharing one NVLink domain.
    @Test func gb200TraysFormA72GPUDomain() throws {
        let tray = try #require(HardwareCatalogue.builtIn.node(named: "GB200-NVL72"))
        #expect(tray.gpu.name == "GB200")
        #expect(tray.gpusPerNode == 4)
        #expect(tray.nodesPerScaleUpDomain == 18)
        #expect(tray.gpusPerNode * tray.nodesPerScaleUpDomain == 72)
        #expect(tray.nicCount == 4)
        #expect(tray.nicBandwidthBitsPerSecond == 400e9)
        #expect(tray.nicPCIe == nil)
        #expect(tray.maxPowerWatts > Double(tray.gpusPerNode) * tray.gpu.tdpWatts)
        // The DGX systems keep their NVSwitch inside the node.
        #expect(HardwareCatalogue.builtIn.nodes.filter { $0.nodesPerScaleUpDomain != 1 }.map(\.name) == ["GB200-NVL72"])
    }

    @Test func scaleUpDomainMustHoldANode() throws {
        let gpu = try #require(HardwareCatalogue.builtIn.gpu(named: "GB200"))
        #expect(throws: HardwareError.self) {
            try NodeSpec(name: "x", gpu: gpu, gpusPerNode: 4, cpuCores: 1, hostMemoryBytes: 1, nicCount: 4,
                         nicBandwidthBitsPerSecond: 1, nvSwitchCount: 1, maxPowerWatts: 1, nodesPerScaleUpDomain: 0)
        }
    }

    @Test func pcieRatesAreX16PerDirection() {
        #expect(abs(PCIeGeneration.gen4.x16BytesPerSecond - 31.5e9) < 0.01e9)
        #expect(abs(PCIeGeneration.gen5.x16BytesPerSecond - 63.0e9) < 0.02e9)
    }
}
