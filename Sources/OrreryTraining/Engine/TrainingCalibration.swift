import OrreryHardware
import OrreryKernel

/// The few calibration constants of the training model, shared by every job and row of
/// the validation table (see `docs/training.md` and `docs/validation.md` for sources).
public struct TrainingCalibration: Hashable, Sendable {
    /// Achieved fractions of peak for GEMMs (compute) and elementwise kernels (HBM).
    public var roofline: RooflineEfficiency
    /// Achieved ÷ peak bus bandwidth of NCCL collectives inside an NVLink domain.
    /// 0.78: nccl-tests all-reduce reaches ≈ 235 GB/s bus bandwidth on A100 NVLink3
    /// (300 GB/s per direction), as collected in `calibration.md`.
    public var scaleUpBusEfficiency: Double
    /// Achieved ÷ line rate of collectives across nodes (NIC per GPU). 0.9: nccl-tests on
    /// HDR/NDR InfiniBand reaches ≈ 90 % of line rate for large messages (NVIDIA DGX
    /// SuperPOD reference results).
    public var scaleOutBusEfficiency: Double
    /// Fixed start-up cost of one collective (kernel launch, synchronisation).
    public var collectiveLatency: SimTime

    public init(
        roofline: RooflineEfficiency, scaleUpBusEfficiency: Double, scaleOutBusEfficiency: Double,
        collectiveLatency: SimTime
    ) {
        self.roofline = roofline
        self.scaleUpBusEfficiency = scaleUpBusEfficiency
        self.scaleOutBusEfficiency = scaleOutBusEfficiency
        self.collectiveLatency = collectiveLatency
    }

    /// GEMM efficiency. Calibrated once against Megatron-LM Table 1 (all ten rows share it).
    public static let gemmEfficiency = 0.67
    /// Elementwise (memory-bound) efficiency: streaming kernels reach 80–90 % of HBM peak.
    public static let elementwiseEfficiency = 0.85

    /// The defaults used everywhere unless a scenario overrides them.
    public static let `default` = TrainingCalibration(
        roofline: try! RooflineEfficiency(computeEfficiency: gemmEfficiency, memoryEfficiency: elementwiseEfficiency),
        scaleUpBusEfficiency: 0.78, scaleOutBusEfficiency: 0.9, collectiveLatency: .microseconds(10))
}

extension SimTime {
    static func microseconds(_ value: Int64) -> SimTime { SimTime(nanoseconds: value * 1_000) }
}
