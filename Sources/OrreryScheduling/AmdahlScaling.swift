/// How an elastic job's speed depends on its GPU count: Amdahl's law with a serial
/// fraction s, speed(n) = 1 / (s + (1 − s)/n) (Amdahl, AFIPS 1967).
///
/// A job's trace duration is its run time at its requested size (`gpus`), so the model
/// scales its pace by ``relativeSpeed(of:reference:)``, speed(n)/speed(gpus): a job run
/// at its requested size keeps its trace run time exactly.
///
/// The default serial fraction, 5 %, is Orrery's choice: it gives a 1 → 8 GPU speed-up
/// of 5.9× (74 % efficiency): sub-linear, as the elastic schedulers' measurements of
/// data-parallel training show (Peng et al., Optimus, EuroSys'18; Qiao et al., Pollux,
/// OSDI'21), but not fitted to either. Set it per study (`scheduler.serial-fraction`).
public struct AmdahlScaling: Sendable, Equatable {
    /// Default serial fraction (see above).
    public static let defaultSerialFraction = 0.05

    /// The share of a one-GPU step that does not parallelise, 0…1 (0: linear scaling).
    public var serialFraction: Double

    public init(serialFraction: Double = Self.defaultSerialFraction) {
        self.serialFraction = Swift.min(1, Swift.max(0, serialFraction))
    }

    /// Speed on `gpus` GPUs relative to one GPU (steps per unit of one GPU's step time).
    public func speed(_ gpus: Int) -> Double {
        1 / (serialFraction + (1 - serialFraction) / Double(Swift.max(1, gpus)))
    }

    /// speed(`gpus`) / speed(`reference`): the pace of a job sized for `reference` GPUs
    /// when it runs on `gpus` (1 when they are equal).
    public func relativeSpeed(of gpus: Int, reference: Int) -> Double {
        gpus == reference ? 1 : speed(gpus) / speed(reference)
    }
}
