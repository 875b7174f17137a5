import OrreryHardware
import Testing

struct PrecisionTests {
    @Test(arguments: [
        (Precision.fp64, 8.0), (.fp32, 4), (.tf32, 4), (.bf16, 2), (.fp16, 2), (.fp8, 1), (.fp4, 0.5),
    ])
    func bytesPerElement(precision: Precision, bytes: Double) {
        #expect(precision.bytesPerElement == bytes)
    }

    @Test func rawNamesAndOrderAreStable() {
        #expect(Precision.allCases.map(\.rawValue) == ["fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "fp4"])
        #expect(Precision(rawValue: "bf16") == .bf16)
        #expect(Precision(rawValue: "BF16") == nil)
        #expect(Precision.fp64 < .fp4)
        #expect([Precision.fp8, .fp64, .bf16].sorted() == [.fp64, .bf16, .fp8])
    }
}
