import OrreryHardware
import Testing

struct NodeSpecFieldTests {
    let dgx: NodeSpec

    init() throws {
        dgx = try #require(HardwareCatalogue.builtIn.node(named: "DGX-H100"))
    }

    @Test func fieldNamesAndKinds() {
        #expect(NodeSpec.Field.allCases.map(\.rawValue) == [
            "gpus-per-node", "cpu-cores", "host-memory", "nics", "nic-bandwidth", "nvswitches", "max-power",
        ])
        #expect(NodeSpec.Field.allCases.map(\.kind) == [.count, .count, .bytes, .count, .bandwidth, .count, .power])
    }

    @Test(arguments: [
        (NodeSpec.Field.gpusPerNode, 4.0), (.gpusPerNode, 1_048_576), (.cpuCores, 96), (.hostMemory, 1.5e12),
        (.nics, 4), (.nicBandwidth, 100e9), (.nvSwitches, 0), (.maxPower, 12_000),
    ])
    func validOverrideIsReadBack(field: NodeSpec.Field, value: Double) throws {
        let changed = try dgx.setting(field, to: value)
        #expect(changed.value(of: field) == value)
        for other in NodeSpec.Field.allCases where other != field {
            #expect(changed.value(of: other) == dgx.value(of: other), "\(other) changed")
        }
    }

    @Test func countsBecomeIntegersAndNICBandwidthIsStoredInBits() throws {
        let changed = try dgx.setting(.gpusPerNode, to: 4).setting(.nicBandwidth, to: 100e9)
            .setting(.nvSwitches, to: 0)
        #expect(changed.gpusPerNode == 4)
        #expect(changed.nvSwitchCount == 0)
        #expect(changed.nicBandwidthBitsPerSecond == 800e9)
        #expect(dgx.value(of: .nicBandwidth) == 50e9)
    }

    @Test(arguments: [
        (NodeSpec.Field.gpusPerNode, 2.5), (.gpusPerNode, 1e30), (.gpusPerNode, .nan), (.gpusPerNode, 0),
        (.gpusPerNode, -8), (.gpusPerNode, .infinity), (.gpusPerNode, 1_048_577), (.gpusPerNode, 9.3e18),
        (.cpuCores, 0.999), (.nics, -0.0), (.nvSwitches, -1), (.nvSwitches, 0.5), (.hostMemory, 1e30),
        (.hostMemory, -1e9), (.nicBandwidth, 0), (.nicBandwidth, 1e308), (.maxPower, .nan),
    ])
    func invalidOverrideThrowsInsteadOfTrapping(field: NodeSpec.Field, value: Double) {
        let error = #expect(throws: HardwareError.self) { try dgx.setting(field, to: value) }
        guard case let .invalidValue(subject, name, _, _) = error else {
            Issue.record("expected invalidValue, got \(String(describing: error))")
            return
        }
        #expect(subject == "node \"DGX-H100\"")
        #expect(name == field.rawValue)
    }

    @Test func countMessageSaysWholeNumberAndRange() {
        let error = #expect(throws: HardwareError.self) { try dgx.setting(.gpusPerNode, to: 2.5) }
        #expect(error?.description == "node \"DGX-H100\": gpus-per-node must be a whole number from 1 to 1048576; got 2.5")
        let zeroAllowed = #expect(throws: HardwareError.self) { try dgx.setting(.nvSwitches, to: -1) }
        #expect(zeroAllowed?.description.contains("from 0 to 1048576") == true)
    }

    @Test func initRejectsOutOfRangeFields() throws {
        let gpu = dgx.gpu
        #expect(throws: HardwareError.self) {
            try NodeSpec(
                name: "Bad", gpu: gpu, gpusPerNode: 0, cpuCores: 1, hostMemoryBytes: gib, nicCount: 1,
                nicBandwidthBitsPerSecond: 1e9, nvSwitchCount: 0, maxPowerWatts: 1_000)
        }
        #expect(throws: HardwareError.self) {
            try NodeSpec(
                name: "Bad", gpu: gpu, gpusPerNode: 8, cpuCores: 1, hostMemoryBytes: .max, nicCount: 1,
                nicBandwidthBitsPerSecond: 1e9, nvSwitchCount: 0, maxPowerWatts: 1_000)
        }
        let good = try NodeSpec(
            name: "Good", gpu: gpu, gpusPerNode: 8, cpuCores: 1, hostMemoryBytes: gib, nicCount: 1,
            nicBandwidthBitsPerSecond: 1e9, nvSwitchCount: 0, maxPowerWatts: 1_000)
        #expect(good.nvSwitchCount == 0)
    }
}
