import OrreryHardware
import Testing

struct CatalogueUserEntriesTests {
    static func customGPU(named name: String) throws -> GPUSpec {
        try GPUSpec(
            name: name, vendor: "Acme", peakDenseFLOPSPerSecond: [.bf16: 500e12, .fp8: 1000e12],
            hbmCapacityBytes: 64 * gib, hbmBandwidthBytesPerSecond: 2e12,
            scaleUpBandwidthBytesPerSecond: 200e9, tdpWatts: 500, idlePowerWatts: 60)
    }

    @Test func userEntriesAreAppendedAndFound() throws {
        let gpu = try Self.customGPU(named: "Acme-X1")
        let node = try NodeSpec(
            name: "Acme-Box", gpu: gpu, gpusPerNode: 4, cpuCores: 64, hostMemoryBytes: tib, nicCount: 4,
            nicBandwidthBitsPerSecond: 400e9, nvSwitchCount: 0, maxPowerWatts: 3_000)
        let catalogue = try HardwareCatalogue.builtIn.adding(gpus: [gpu], nodes: [node])

        #expect(catalogue.gpuNames.last == "Acme-X1")
        #expect(catalogue.gpuNames.count == HardwareCatalogue.builtIn.gpuNames.count + 1)
        #expect(catalogue.nodeNames.last == "Acme-Box")
        #expect(catalogue.gpu(named: "acme x1") == gpu)
        #expect(catalogue.node(named: "ACME-BOX")?.gpu.name == "Acme-X1")
        #expect(catalogue.gpu(named: "H100")?.name == "H100-SXM")
        #expect(HardwareCatalogue.builtIn.gpu(named: "Acme-X1") == nil)
    }

    @Test(arguments: ["H100-SXM", "h100 sxm", "H100", "a100_sxm4_80gb"])
    func userGPUCannotShadowABuiltInNameOrAlias(name: String) throws {
        let gpu = try Self.customGPU(named: name)
        let error = #expect(throws: HardwareError.self) {
            try HardwareCatalogue.builtIn.adding(gpus: [gpu])
        }
        guard case let .duplicateName(kind, duplicate) = error else {
            Issue.record("expected duplicateName, got \(String(describing: error))")
            return
        }
        #expect(kind == "GPU")
        #expect(duplicate == name)
    }

    @Test func duplicateWithinOneBatchIsRejected() throws {
        let error = #expect(throws: HardwareError.self) {
            try HardwareCatalogue.builtIn.adding(gpus: [Self.customGPU(named: "X"), Self.customGPU(named: "x")])
        }
        #expect(error?.description.contains("already has a GPU named \"x\"") == true)
    }

    @Test func userNodeCannotReuseANodeName() throws {
        let builtInNode = try #require(HardwareCatalogue.builtIn.node(named: "DGX-H100"))
        var copy = builtInNode
        copy.name = "dgx h100"
        #expect(throws: HardwareError.self) { try HardwareCatalogue.builtIn.adding(nodes: [copy]) }
    }

    @Test(arguments: ["", "   "])
    func blankNamesAreRejected(name: String) throws {
        let error = #expect(throws: HardwareError.self) {
            try HardwareCatalogue.builtIn.adding(gpus: [Self.customGPU(named: name)])
        }
        guard case .emptyName(kind: "GPU") = error else {
            Issue.record("expected emptyName, got \(String(describing: error))")
            return
        }
    }
}
