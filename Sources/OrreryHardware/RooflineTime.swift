import OrreryKernel

/// Which roof limited an op.
public enum RooflineBound: String, Hashable, Sendable {
    /// FLOPs at achieved peak took at least as long as the HBM traffic.
    case compute
    /// HBM traffic at achieved bandwidth took longer than the FLOPs.
    case memory
}

/// An op's roofline duration, with both legs kept for reporting and calibration.
public struct RooflineTime: Hashable, Sendable {
    /// The duration in seconds: the larger of the two legs.
    public let seconds: Double
    /// ``seconds`` as simulated time, rounded up to the next nanosecond.
    public let simTime: SimTime
    /// The leg that set the duration (``RooflineBound/compute`` on a tie).
    public let bound: RooflineBound
    /// FLOPs ÷ (peak × compute efficiency), in seconds.
    public let computeSeconds: Double
    /// Bytes ÷ (HBM bandwidth × memory efficiency), in seconds.
    public let memorySeconds: Double

    init(computeSeconds: Double, memorySeconds: Double) {
        self.computeSeconds = computeSeconds
        self.memorySeconds = memorySeconds
        bound = computeSeconds >= memorySeconds ? .compute : .memory
        seconds = max(computeSeconds, memorySeconds)
        simTime = .seconds(seconds)
    }
}
