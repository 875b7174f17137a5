import OrreryHardware

extension TrainingCluster {
    /// This cluster with every GPU's tensor-core clock at `relativeClock` of nominal: each
    /// precision's peak FLOP/s scales by it, while HBM, NVLink and NIC rates stay (a power
    /// cap lowers the SM clock; memory and link clocks are separate domains). Re-planning a
    /// job on the result re-simulates its step under a power cap: compute-bound GEMMs
    /// slow down, memory-bound kernels and communication do not, and overlaps shift.
    /// - Throws: ``TrainingError/invalidValue(subject:field:value:expected:)`` unless
    ///   `relativeClock` is in (0, 1].
    public func atRelativeClock(_ relativeClock: Double) throws(TrainingError) -> TrainingCluster {
        guard relativeClock > 0, relativeClock <= 1 else {
            throw .invalidValue(
                subject: "GPU \(gpu.name)", field: "relative clock", value: "\(relativeClock)", expected: "in (0, 1]")
        }
        var copy = self
        for peak in gpu.peakDenseFLOPSPerSecond {
            guard let field = GPUSpec.Field.allCases.first(where: { $0.precision == peak.precision }) else { continue }
            do {
                copy.node.gpu = try copy.node.gpu.setting(field, to: peak.flopsPerSecond * relativeClock)
            } catch {
                throw .invalidValue(subject: "GPU \(gpu.name)", field: field.rawValue, value: "\(relativeClock)", expected: "\(error)")
            }
        }
        return copy
    }
}
