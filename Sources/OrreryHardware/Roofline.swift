/// The roofline op-cost model: an op takes as long as the slower of its compute and its
/// HBM traffic, each at an achieved (efficiency-scaled) fraction of datasheet peak.
///
///     time = max(flops / (peak × computeEfficiency), bytes / (hbmBandwidth × memoryEfficiency))
///
/// It ignores overlap losses, caches and launch latency; the efficiencies absorb them.
public enum Roofline {
    /// Prices `op` on `gpu`.
    /// - Throws: ``HardwareError/unsupportedPrecision(gpu:precision:supported:)`` if the GPU
    ///   has no peak for the op's precision (even for a zero-FLOP op, so a wrong precision
    ///   never passes silently); ``HardwareError/invalidValue(subject:field:value:expected:)``
    ///   if FLOPs or bytes are negative, NaN or infinite.
    public static func time(
        of op: OpCost, on gpu: GPUSpec, efficiency: RooflineEfficiency = .default
    ) throws -> RooflineTime {
        try checkOpQuantity(op.flops, field: "flops")
        try checkOpQuantity(op.bytes, field: "bytes")
        let peak = try peakFLOPS(op.precision, on: gpu)
        return RooflineTime(
            computeSeconds: op.flops / (peak * efficiency.computeEfficiency),
            memorySeconds: op.bytes / (gpu.hbmBandwidthBytesPerSecond * efficiency.memoryEfficiency))
    }

    /// The ridge point: the arithmetic intensity (FLOPs per HBM byte) at which compute and
    /// memory time are equal. Ops above it are compute-bound, below it memory-bound.
    /// - Throws: ``HardwareError/unsupportedPrecision(gpu:precision:supported:)``.
    public static func ridgeFLOPsPerByte(
        _ precision: Precision, on gpu: GPUSpec, efficiency: RooflineEfficiency = .default
    ) throws -> Double {
        let peak = try peakFLOPS(precision, on: gpu)
        return (peak * efficiency.computeEfficiency) / (gpu.hbmBandwidthBytesPerSecond * efficiency.memoryEfficiency)
    }

    private static func checkOpQuantity(_ value: Double, field: String) throws {
        guard value.isFinite, value >= 0 else {
            throw HardwareError.invalidValue(
                subject: "roofline op", field: field, value: value, expected: "a finite number >= 0")
        }
    }

    private static func peakFLOPS(_ precision: Precision, on gpu: GPUSpec) throws -> Double {
        guard let peak = gpu.peakFLOPS(precision) else {
            throw HardwareError.unsupportedPrecision(
                gpu: gpu.name, precision: precision, supported: gpu.supportedPrecisions)
        }
        return peak
    }
}
