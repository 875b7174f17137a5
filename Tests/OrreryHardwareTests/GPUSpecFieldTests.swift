import OrreryHardware
import Testing

struct GPUSpecFieldTests {
    let h100: GPUSpec

    init() throws {
        h100 = try #require(HardwareCatalogue.builtIn.gpu(named: "H100-SXM"))
    }

    @Test func fieldNamesAndKinds() {
        #expect(GPUSpec.Field.allCases.map(\.rawValue) == [
            "tdp", "idle-power", "hbm-capacity", "hbm-bandwidth", "scale-up-bandwidth", "peak-fp64", "peak-fp32",
            "peak-tf32", "peak-bf16", "peak-fp16", "peak-fp8", "peak-fp4",
        ])
        #expect(GPUSpec.Field(rawValue: "peak-bf16")?.precision == .bf16)
        #expect(GPUSpec.Field.tdp.kind == .power)
        #expect(GPUSpec.Field.idlePower.kind == .power)
        #expect(GPUSpec.Field.hbmCapacity.kind == .bytes)
        #expect(GPUSpec.Field.scaleUpBandwidth.kind == .bandwidth)
        #expect(GPUSpec.Field.peakFP8.kind == .flopsPerSecond)
        #expect(GPUSpec.Field.tdp.precision == nil)
    }

    @Test(arguments: [
        (GPUSpec.Field.tdp, 600.0), (.idlePower, 0), (.idlePower, 700), (.hbmCapacity, 96.0 * 1_073_741_824),
        (.hbmBandwidth, 4e12), (.scaleUpBandwidth, 400e9), (.peakBF16, 1000e12), (.peakFP8, 2000e12),
    ])
    func validOverrideIsReadBack(field: GPUSpec.Field, value: Double) throws {
        let changed = try h100.setting(field, to: value)
        #expect(changed.value(of: field) == value)
        #expect(changed.name == h100.name)
        for other in GPUSpec.Field.allCases where other != field {
            #expect(changed.value(of: other) == h100.value(of: other), "\(other) changed")
        }
    }

    @Test func overridesLandInTheNamedProperties() throws {
        let changed = try h100.setting(.tdp, to: 500).setting(.hbmCapacity, to: 96 * 1_073_741_824)
            .setting(.scaleUpBandwidth, to: 400e9)
        #expect(changed.tdpWatts == 500)
        #expect(changed.hbmCapacityBytes == 96 * gib)
        #expect(changed.scaleUpBandwidthBytesPerSecond == 400e9)
        #expect(h100.tdpWatts == 700)
    }

    @Test func settingAnUnsupportedPeakAddsThePrecisionInOrder() throws {
        let a100 = try #require(HardwareCatalogue.builtIn.gpu(named: "A100-80GB"))
        #expect(a100.peakFLOPS(.fp8) == nil)
        #expect(a100.value(of: .peakFP8) == nil)
        let hypothetical = try a100.setting(.peakFP8, to: 624e12)
        #expect(hypothetical.peakFLOPS(.fp8) == 624e12)
        #expect(hypothetical.supportedPrecisions == [.fp64, .fp32, .tf32, .bf16, .fp16, .fp8])
    }

    @Test func byteCountsRoundToWholeBytes() throws {
        let changed = try h100.setting(.hbmCapacity, to: 0.1 * 1_073_741_824)
        #expect(changed.hbmCapacityBytes == 107_374_182)
    }

    @Test(arguments: [
        (GPUSpec.Field.tdp, -1.0), (.tdp, 0), (.tdp, .nan), (.tdp, .infinity), (.idlePower, -0.5),
        (.hbmCapacity, 0), (.hbmCapacity, 0.4), (.hbmCapacity, 1e30), (.hbmCapacity, -.infinity),
        (.hbmBandwidth, 0), (.scaleUpBandwidth, -1), (.peakBF16, 0), (.peakFP4, .nan),
    ])
    func invalidOverrideThrowsNamingFieldAndExpectation(field: GPUSpec.Field, value: Double) {
        let error = #expect(throws: HardwareError.self) { try h100.setting(field, to: value) }
        guard case let .invalidValue(subject, name, _, expected) = error else {
            Issue.record("expected invalidValue, got \(String(describing: error))")
            return
        }
        #expect(subject == "GPU \"H100-SXM\"")
        #expect(name == field.rawValue)
        #expect(!expected.isEmpty)
        #expect(error?.description.hasPrefix("GPU \"H100-SXM\": \(field.rawValue) must be") == true)
    }

    @Test func idlePowerMayNotExceedTDP() throws {
        let error = #expect(throws: HardwareError.self) { try h100.setting(.idlePower, to: 701) }
        guard case let .idlePowerAboveTDP(gpu, idle, tdp) = error else {
            Issue.record("expected idlePowerAboveTDP, got \(String(describing: error))")
            return
        }
        #expect(gpu == "H100-SXM")
        #expect(idle == 701)
        #expect(tdp == 700)
        #expect(throws: HardwareError.self) { try h100.setting(.tdp, to: 50) }
    }

    @Test func messageSaysWhatWasExpected() {
        let error = #expect(throws: HardwareError.self) { try h100.setting(.tdp, to: -5) }
        #expect(error?.description == "GPU \"H100-SXM\": tdp must be a finite power in W, > 0; got -5.0")
    }
}

struct GPUSpecInitTests {
    static func make(
        peaks: KeyValuePairs<Precision, Double> = [.bf16: 100e12], hbmCapacityBytes: Int = gib,
        hbmBandwidth: Double = 1e12, tdp: Double = 300, idle: Double = 30
    ) throws -> GPUSpec {
        try GPUSpec(
            name: "Test", vendor: "Acme", peakDenseFLOPSPerSecond: peaks, hbmCapacityBytes: hbmCapacityBytes,
            hbmBandwidthBytesPerSecond: hbmBandwidth, scaleUpBandwidthBytesPerSecond: 1e11, tdpWatts: tdp,
            idlePowerWatts: idle)
    }

    @Test func peaksAreStoredInPrecisionOrder() throws {
        let gpu = try Self.make(peaks: [.fp8: 4e14, .fp64: 1e13, .bf16: 2e14])
        #expect(gpu.peakDenseFLOPSPerSecond.map(\.precision) == [.fp64, .bf16, .fp8])
        #expect(gpu.peakFLOPS(.bf16) == 2e14)
        #expect(gpu.peakFLOPS(.fp16) == nil)
    }

    @Test func rejectsEmptyAndDuplicatePeakTables() {
        #expect(throws: HardwareError.self) { try Self.make(peaks: [:]) }
        let error = #expect(throws: HardwareError.self) { try Self.make(peaks: [.bf16: 1e14, .bf16: 2e14]) }
        guard case .duplicatePeak(gpu: "Test", precision: .bf16) = error else {
            Issue.record("expected duplicatePeak, got \(String(describing: error))")
            return
        }
    }

    @Test func rejectsOutOfRangeFields() {
        #expect(throws: HardwareError.self) { try Self.make(hbmCapacityBytes: -1) }
        #expect(throws: HardwareError.self) { try Self.make(hbmCapacityBytes: .max) }
        #expect(throws: HardwareError.self) { try Self.make(hbmBandwidth: .nan) }
        #expect(throws: HardwareError.self) { try Self.make(peaks: [.bf16: -1]) }
        #expect(throws: HardwareError.self) { try Self.make(tdp: 100, idle: 200) }
    }
}
