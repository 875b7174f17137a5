import OrreryHardware
import OrreryKernel
import Testing

struct RooflineTests {
    let catalogue = HardwareCatalogue.builtIn
    /// No efficiency losses, so expected times are datasheet arithmetic.
    let perfect: RooflineEfficiency

    init() throws {
        perfect = try RooflineEfficiency(computeEfficiency: 1, memoryEfficiency: 1)
    }

    /// A GPU with round numbers: 1 TFLOP/s BF16, 1 TB/s HBM, so the ridge is 1 FLOP/byte.
    static func unitGPU() throws -> GPUSpec {
        try GPUSpec(
            name: "Unit", vendor: "Test", peakDenseFLOPSPerSecond: [.bf16: 1e12], hbmCapacityBytes: gib,
            hbmBandwidthBytesPerSecond: 1e12, scaleUpBandwidthBytesPerSecond: 1e11, tdpWatts: 100,
            idlePowerWatts: 10)
    }

    @Test func defaultEfficienciesAreTheDocumentedConstants() {
        #expect(RooflineEfficiency.default.computeEfficiency == 0.5)
        #expect(RooflineEfficiency.default.memoryEfficiency == 0.85)
    }

    @Test func computeBoundGEMMOnH100() throws {
        let h100 = try #require(catalogue.gpu(named: "H100-SXM"))
        // 494.5 TFLOP at 989 TFLOP/s × 0.5 is exactly one second; 1 GB of traffic is ~0.35 ms.
        let time = try Roofline.time(of: OpCost(flops: 494.5e12, bytes: 1e9, precision: .bf16), on: h100)
        #expect(time.bound == .compute)
        #expect(time.seconds == 1.0)
        #expect(time.simTime == .second)
        #expect(isClose(time.memorySeconds, 1e9 / 2.8475e12))
    }

    @Test func memoryBoundStreamOnA100() throws {
        let a100 = try #require(catalogue.gpu(named: "A100-80GB"))
        // 1 GB at 2.039 TB/s × 0.85 = 1.73315 TB/s → 576.984 µs; 1 GFLOP at 156 TFLOP/s → 6.41 µs.
        let time = try Roofline.time(of: OpCost(flops: 1e9, bytes: 1e9, precision: .bf16), on: a100)
        #expect(time.bound == .memory)
        #expect(isClose(time.seconds, 5.769841040879324e-4))
        #expect(isClose(time.computeSeconds, 6.41025641025641e-6))
        #expect(time.simTime == SimTime(nanoseconds: 576_985))
    }

    @Test func fp8UsesTheFP8Peak() throws {
        let h100 = try #require(catalogue.gpu(named: "H100-SXM"))
        let op = OpCost(flops: 1979e12, bytes: 0, precision: .fp8)
        #expect(try Roofline.time(of: op, on: h100, efficiency: perfect).seconds == 1.0)
    }

    @Test func simTimeRoundsUpToTheNextNanosecond() throws {
        let time = try Roofline.time(
            of: OpCost(flops: 1_500, bytes: 0, precision: .bf16), on: Self.unitGPU(), efficiency: perfect)
        #expect(isClose(time.seconds, 1.5e-9))
        #expect(time.simTime == SimTime(nanoseconds: 2))
    }

    @Test func emptyOpTakesNoTime() throws {
        let time = try Roofline.time(of: OpCost(flops: 0, bytes: 0, precision: .bf16), on: Self.unitGPU())
        #expect(time.seconds == 0)
        #expect(time.simTime == .zero)
    }

    @Test func crossoverIsAtPeakOverBandwidth() throws {
        let h100 = try #require(catalogue.gpu(named: "H100-SXM"))
        let ridge = try Roofline.ridgeFLOPsPerByte(.bf16, on: h100, efficiency: perfect)
        #expect(isClose(ridge, 989.0 / 3.35))
        let bytes = 1e9
        let below = try Roofline.time(
            of: OpCost(flops: 0.99 * ridge * bytes, bytes: bytes, precision: .bf16), on: h100, efficiency: perfect)
        let above = try Roofline.time(
            of: OpCost(flops: 1.01 * ridge * bytes, bytes: bytes, precision: .bf16), on: h100, efficiency: perfect)
        #expect(below.bound == .memory)
        #expect(above.bound == .compute)
        #expect(isClose(below.seconds, bytes / 3.35e12))
    }

    @Test func defaultEfficienciesMoveTheRidge() throws {
        let h100 = try #require(catalogue.gpu(named: "H100-SXM"))
        let ridge = try Roofline.ridgeFLOPsPerByte(.bf16, on: h100)
        #expect(isClose(ridge, 173.6611062335382))
    }

    @Test func exactTieCountsAsComputeBound() throws {
        let time = try Roofline.time(
            of: OpCost(flops: 1e6, bytes: 1e6, precision: .bf16), on: Self.unitGPU(), efficiency: perfect)
        #expect(time.computeSeconds == time.memorySeconds)
        #expect(time.bound == .compute)
        #expect(time.simTime == .microsecond)
    }

    @Test(arguments: [("A100-80GB", Precision.fp8), ("A100-40GB", .fp4), ("H100-SXM", .fp4), ("MI300X", .fp4)])
    func unsupportedPrecisionNamesGPUAndListsSupported(gpuName: String, precision: Precision) throws {
        let gpu = try #require(catalogue.gpu(named: gpuName))
        let error = #expect(throws: HardwareError.self) {
            try Roofline.time(of: OpCost(flops: 1e12, bytes: 1e9, precision: precision), on: gpu)
        }
        guard case let .unsupportedPrecision(name, rejected, supported) = error else {
            Issue.record("expected unsupportedPrecision, got \(String(describing: error))")
            return
        }
        #expect(name == gpuName)
        #expect(rejected == precision)
        #expect(supported == gpu.supportedPrecisions)
        #expect(throws: HardwareError.self) { try Roofline.ridgeFLOPsPerByte(precision, on: gpu) }
    }

    @Test func unsupportedPrecisionMessage() throws {
        let a100 = try #require(catalogue.gpu(named: "A100-80GB"))
        let error = #expect(throws: HardwareError.self) {
            try Roofline.time(of: OpCost(flops: 1, bytes: 1, precision: .fp8), on: a100)
        }
        #expect(error?.description == "GPU \"A100-80GB\" does not support fp8; it supports: fp64, fp32, tf32, bf16, fp16")
    }

    @Test(arguments: [
        (-1.0, 0.0, "flops"), (.nan, 0, "flops"), (.infinity, 0, "flops"), (0, -1, "bytes"), (1, .nan, "bytes"),
    ])
    func badOpInputsThrow(flops: Double, bytes: Double, field: String) throws {
        let error = #expect(throws: HardwareError.self) {
            try Roofline.time(of: OpCost(flops: flops, bytes: bytes, precision: .bf16), on: Self.unitGPU())
        }
        guard case .invalidValue(subject: "roofline op", field: field, value: _, expected: _) = error else {
            Issue.record("expected invalidValue for \(field), got \(String(describing: error))")
            return
        }
    }

    @Test(arguments: [(0.0, 0.5), (1.01, 0.5), (0.5, .nan), (0.5, -0.1), (.infinity, 1)])
    func efficienciesMustBeFractions(compute: Double, memory: Double) {
        #expect(throws: HardwareError.self) {
            try RooflineEfficiency(computeEfficiency: compute, memoryEfficiency: memory)
        }
    }
}
