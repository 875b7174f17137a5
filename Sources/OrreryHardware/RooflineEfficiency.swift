/// Fractions of datasheet peak that real kernels achieve: the roofline's calibration.
///
/// These are calibration constants, not physics; the training-model work will refine
/// them against measured step times. See `docs/hardware.md` for the derivations.
public struct RooflineEfficiency: Hashable, Sendable {
    /// Achieved ÷ peak FLOP/s for dense GEMM-like ops, in (0, 1].
    public let computeEfficiency: Double
    /// Achieved ÷ peak HBM bandwidth for streaming ops, in (0, 1].
    public let memoryEfficiency: Double

    /// Default compute efficiency, 0.5. Megatron-LM (Narayanan et al., SC'21, Table 1)
    /// sustains 137–163 TFLOP/s per A100 out of 312 (44–52 %) on GPT models of 1.7 B–1 T
    /// parameters; 0.5 sits at the upper end, where large models spend their time.
    public static let defaultComputeEfficiency = 0.5
    /// Default memory efficiency, 0.85: streaming kernels typically reach 80–90 % of
    /// datasheet HBM bandwidth; 0.85 is the midpoint.
    public static let defaultMemoryEfficiency = 0.85

    /// ``defaultComputeEfficiency`` and ``defaultMemoryEfficiency``.
    public static let `default` = RooflineEfficiency(
        uncheckedCompute: defaultComputeEfficiency, memory: defaultMemoryEfficiency)

    /// - Throws: ``HardwareError/invalidValue(subject:field:value:expected:)`` unless both
    ///   efficiencies are finite and in (0, 1].
    public init(computeEfficiency: Double, memoryEfficiency: Double) throws {
        for (field, value) in [("compute efficiency", computeEfficiency), ("memory efficiency", memoryEfficiency)]
        where !(value > 0 && value <= 1) {
            throw HardwareError.invalidValue(
                subject: "roofline", field: field, value: value, expected: "a fraction in (0, 1]")
        }
        self.init(uncheckedCompute: computeEfficiency, memory: memoryEfficiency)
    }

    private init(uncheckedCompute computeEfficiency: Double, memory memoryEfficiency: Double) {
        self.computeEfficiency = computeEfficiency
        self.memoryEfficiency = memoryEfficiency
    }
}
