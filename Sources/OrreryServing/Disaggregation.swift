import OrreryKernel

/// Disaggregated serving (Splitwise, Patel et al., ISCA'24; DistServe, Zhong et al.,
/// OSDI'24): the first `prefillReplicas` replicas only prefill; when a prompt is done and
/// its first token out, its KV cache moves to one of the other replicas, which only
/// decode. Prefill then never stalls decodes, and each pool can be sized for its phase.
///
/// The KV transfer is priced by ``kvTransferSeconds(bytes:tensorParallel:)``, the one
/// place to put the fabric's flow model behind later. Until then each GPU of the TP
/// group sends its shard of the cache over its own scale-out NIC in parallel:
///
///     t = latency + bytes / (TP × per-GPU link bandwidth)
public struct DisaggregationConfiguration: Sendable, Equatable {
    /// Default per-GPU link bandwidth, 50 GB/s: one 400 Gb/s InfiniBand NDR or RoCE NIC
    /// per GPU, as in DGX H100 nodes (8 × ConnectX-7); Splitwise moves KV over such links.
    public static let defaultLinkBandwidth = 50e9
    /// Default transfer set-up latency, 20 µs: RDMA connection reuse plus a few network
    /// round trips.
    public static let defaultLatency = SimTime.microsecond.scaled(by: 20)

    /// Replicas (the first ones) that only prefill; the rest only decode.
    public var prefillReplicas: Int
    public var linkBandwidthBytesPerSecond: Double
    public var latency: SimTime

    public init(
        prefillReplicas: Int, linkBandwidthBytesPerSecond: Double = defaultLinkBandwidth, latency: SimTime = defaultLatency
    ) {
        self.prefillReplicas = prefillReplicas
        self.linkBandwidthBytesPerSecond = linkBandwidthBytesPerSecond
        self.latency = latency
    }

    /// Seconds to move `bytes` of KV cache from a prefill replica to a decode replica.
    public func kvTransferSeconds(bytes: Double, tensorParallel: Int) -> Double {
        latency.seconds + bytes / (Double(tensorParallel) * linkBandwidthBytesPerSecond)
    }

    func validate(replicas: Int) throws(ServingError) {
        guard prefillReplicas >= 1, prefillReplicas < replicas else {
            throw .invalidConfiguration(
                "disaggregation: need 1 ≤ prefill replicas (\(prefillReplicas)) < replicas (\(replicas)), leaving at least one decode replica")
        }
        guard linkBandwidthBytesPerSecond.isFinite, linkBandwidthBytesPerSecond > 0, latency >= .zero else {
            throw .invalidConfiguration("disaggregation: link bandwidth must be > 0 and latency ≥ 0")
        }
    }
}

/// What a replica does in a deployment.
enum ReplicaRole: Sendable {
    /// Prefills and decodes (the usual, aggregated deployment).
    case combined
    /// Prefills only; hands sequences off after their first token.
    case prefill
    /// Decodes sequences handed over by prefill replicas (and recomputes any it preempts).
    case decode
}
