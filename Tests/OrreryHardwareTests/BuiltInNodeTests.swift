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
