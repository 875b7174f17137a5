import OrreryFabric
import OrreryHardware
import OrreryKernel

/// The time of one tensor-parallel all-reduce inside a replica: the only place the
/// serving model prices communication.
///
///     t = α + bytes / B_eff
///
/// `α` is the per-collective latency (configurable: `timing.all-reduce-latency`). The
/// bandwidth term is the fabric's closed-form collective model (`CollectiveCostModel`,
/// `docs/fabric.md`, "Collectives") for a ring all-reduce inside one scale-up domain, so
/// serving and training price NVLink with the same NCCL-calibrated efficiencies
/// (232 GB/s bus bandwidth on 8 × A100, 370 GB/s on 8 × H100). A ring inside one domain
/// is affine in the message size, so `B_eff` is taken once from two sizes here and the
/// hot path stays a multiply-add.
public struct TensorParallelCommunication: Sendable {
    /// Default per-all-reduce latency α, 10 µs: small-message NCCL all-reduce within one
    /// NVLink domain takes from single-digit to a few tens of microseconds in nccl-tests
    /// (`all_reduce_perf`, 8 B – 64 KB messages on DGX A100/H100; the fabric's calibration
    /// gives 10.2 µs for 8 GPUs); engines with a custom one-shot all-reduce for small
    /// tensors (vLLM's `custom_all_reduce`) sit at the low end.
    public static let defaultLatency = SimTime.microsecond.scaled(by: 10)

    public let groupSize: Int
    public let latency: SimTime
    /// Seconds per byte of message in the bandwidth term (0 for one GPU).
    public let secondsPerByte: Double

    public init(groupSize: Int, gpu: GPUSpec, latency: SimTime = defaultLatency) {
        self.groupSize = groupSize
        self.latency = latency
        guard groupSize > 1 else {
            secondsPerByte = 0
            return
        }
        let link = gpu.scaleUpBandwidthBytesPerSecond
        let shape = CollectiveShape(
            ranksPerDomain: groupSize, domains: 1,
            rates: CollectiveLinkRates(scaleUpBytesPerSecond: link, scaleOutBytesPerSecond: link))
        let model = CollectiveCostModel()
        let probe = 1.0 * 1024 * 1024 * 1024
        do {
            let large = try model.time(.allReduce, algorithm: .ring, bytes: probe, shape: shape)
            let empty = try model.time(.allReduce, algorithm: .ring, bytes: 0, shape: shape)
            secondsPerByte = (large - empty).seconds / probe
        } catch {
            // A ring all-reduce of a finite size over ≥ 2 ranks in one domain is always valid.
            preconditionFailure("the collective cost model refused a ring all-reduce: \(error)")
        }
    }

    /// Seconds for one all-reduce of `messageBytes` across the group (zero for one GPU).
    @inlinable public func allReduceSeconds(messageBytes: Double) -> Double {
        guard groupSize > 1 else { return 0 }
        return latency.seconds + messageBytes * secondsPerByte
    }
}
