@testable import OrreryHardware
import Testing

/// One row of the project's calibration table (design docs), in datasheet units.
struct GPUCalibration: Sendable, CustomStringConvertible {
    var name: String
    var bf16TFLOPS: Double
    var fp8TFLOPS: Double?
    var hbmGB: Int
    var hbmTBPerSecond: Double
    var scaleUpBidirectionalGBPerSecond: Double
    var tdpWatts: Double

    var description: String { name }

    static let table = [
        GPUCalibration(name: "A100-40GB", bf16TFLOPS: 312, fp8TFLOPS: nil, hbmGB: 40, hbmTBPerSecond: 1.555,
                       scaleUpBidirectionalGBPerSecond: 600, tdpWatts: 400),
        GPUCalibration(name: "A100-80GB", bf16TFLOPS: 312, fp8TFLOPS: nil, hbmGB: 80, hbmTBPerSecond: 2.039,
                       scaleUpBidirectionalGBPerSecond: 600, tdpWatts: 400),
        GPUCalibration(name: "H100-SXM", bf16TFLOPS: 989, fp8TFLOPS: 1979, hbmGB: 80, hbmTBPerSecond: 3.35,
                       scaleUpBidirectionalGBPerSecond: 900, tdpWatts: 700),
        GPUCalibration(name: "H200-SXM", bf16TFLOPS: 989, fp8TFLOPS: 1979, hbmGB: 141, hbmTBPerSecond: 4.8,
                       scaleUpBidirectionalGBPerSecond: 900, tdpWatts: 700),
        GPUCalibration(name: "B200", bf16TFLOPS: 2250, fp8TFLOPS: 4500, hbmGB: 180, hbmTBPerSecond: 8.0,
                       scaleUpBidirectionalGBPerSecond: 1800, tdpWatts: 1000),
        GPUCalibration(name: "MI300X", bf16TFLOPS: 1307, fp8TFLOPS: 2610, hbmGB: 192, hbmTBPerSecond: 5.3,
                       scaleUpBidirectionalGBPerSecond: 896, tdpWatts: 750),
        GPUCalibration(name: "GB200", bf16TFLOPS: 2500, fp8TFLOPS: 5000, hbmGB: 186, hbmTBPerSecond: 8.0,
                       scaleUpBidirectionalGBPerSecond: 1800, tdpWatts: 1200),
    ]
}

struct BuiltInGPUTests {
    @Test(arguments: GPUCalibration.table)
    func matchesCalibrationTable(row: GPUCalibration) throws {
        let gpu = try #require(HardwareCatalogue.builtIn.gpu(named: row.name))
        #expect(gpu.name == row.name)
        #expect(isClose(try #require(gpu.peakFLOPS(.bf16)), row.bf16TFLOPS * 1e12))
        if let fp8 = row.fp8TFLOPS {
            #expect(isClose(try #require(gpu.peakFLOPS(.fp8)), fp8 * 1e12))
        } else {
            #expect(gpu.peakFLOPS(.fp8) == nil)
        }
        // "GB" of HBM is read as GiB (2^30 bytes).
        #expect(gpu.hbmCapacityBytes == row.hbmGB * gib)
        #expect(isClose(gpu.hbmBandwidthBytesPerSecond, row.hbmTBPerSecond * 1e12))
        // Stored per direction: half the datasheet's bidirectional figure.
        #expect(isClose(gpu.scaleUpBandwidthBytesPerSecond, row.scaleUpBidirectionalGBPerSecond * 1e9 / 2))
        #expect(gpu.tdpWatts == row.tdpWatts)
        #expect(gpu.idlePowerWatts > 0 && gpu.idlePowerWatts < gpu.tdpWatts)
    }

    @Test(arguments: HardwareCatalogue.builtIn.gpus)
    func builtInEntriesPassValidation(gpu: GPUSpec) throws {
        try gpu.validate()
    }

    @Test(arguments: [
        ("A100-80GB", [Precision.fp64, .fp32, .tf32, .bf16, .fp16]),
        ("H100-SXM", [.fp64, .fp32, .tf32, .bf16, .fp16, .fp8]),
        ("B200", [.fp64, .fp32, .tf32, .bf16, .fp16, .fp8, .fp4]),
        ("MI300X", [.fp64, .fp32, .tf32, .bf16, .fp16, .fp8]),
    ])
    func supportedPrecisionsInCanonicalOrder(name: String, expected: [Precision]) throws {
        let gpu = try #require(HardwareCatalogue.builtIn.gpu(named: name))
        #expect(gpu.supportedPrecisions == expected)
    }

    @Test func datasheetFiguresBeyondTheCalibrationTable() throws {
        let catalogue = HardwareCatalogue.builtIn
        let a100 = try #require(catalogue.gpu(named: "A100-80GB"))
        #expect(a100.peakFLOPS(.tf32) == 156e12)
        #expect(a100.peakFLOPS(.fp64) == 19.5e12)
        let h100 = try #require(catalogue.gpu(named: "H100-SXM"))
        #expect(h100.peakFLOPS(.tf32) == 494.5e12)
        #expect(h100.peakFLOPS(.fp16) == h100.peakFLOPS(.bf16))
        let b200 = try #require(catalogue.gpu(named: "B200"))
        #expect(b200.peakFLOPS(.fp4) == 9000e12)
        #expect(try #require(catalogue.gpu(named: "MI300X")).vendor == "AMD")
    }
}
