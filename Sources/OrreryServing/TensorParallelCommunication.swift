import OrreryHardware
import OrreryKernel

/// The time of one tensor-parallel all-reduce inside a replica: the only place the
/// serving model prices communication, so that it can later ask the fabric's collective
/// cost model instead (a parallel branch is writing `CollectiveCostModel` in OrreryFabric).
///
/// Until then it is the textbook ring all-reduce over the GPU's scale-up link:
///
///     t = α + 2 · (p − 1)/p · bytes / B
///
/// with `α` a fixed per-collective latency and `B` the per-direction scale-up bandwidth
/// of one GPU (NVLink). Ring all-reduce moves `2(p−1)/p` of the message over each link
/// (Patarasuk and Yuan, "Bandwidth optimal all-reduce algorithms for clusters of
/// workstations", JPDC 2009); `α` dominates the small messages of decode.
public struct TensorParallelCommunication: Sendable {
    /// Default per-all-reduce latency α, 10 µs: small-message NCCL all-reduce within one
    /// NVLink domain takes from single-digit to a few tens of microseconds in nccl-tests
    /// (`all_reduce_perf`, 8 B – 64 KB messages on DGX A100/H100); engines with a custom
    /// one-shot all-reduce for small tensors (vLLM's `custom_all_reduce`) sit at the low
    /// end. 10 µs is our central figure.
    public static let defaultLatency = SimTime.microsecond.scaled(by: 10)

    public let groupSize: Int
    public let latency: SimTime
    /// Per-direction scale-up bandwidth of one GPU, bytes/s.
    public let linkBandwidth: Double

    public init(groupSize: Int, gpu: GPUSpec, latency: SimTime = defaultLatency) {
        self.groupSize = groupSize
        self.latency = latency
        linkBandwidth = gpu.scaleUpBandwidthBytesPerSecond
    }

    /// Seconds for one all-reduce of `messageBytes` across the group (zero for one GPU).
    @inlinable public func allReduceSeconds(messageBytes: Double) -> Double {
        guard groupSize > 1 else { return 0 }
        let p = Double(groupSize)
        return latency.seconds + 2 * (p - 1) / p * messageBytes / linkBandwidth
    }
}
