import OrreryKernel

/// Disaggregated serving (Splitwise, Patel et al., ISCA'24; DistServe, Zhong et al.,
/// OSDI'24): the first `prefillReplicas` replicas only prefill; when a prompt is done and
/// its first token out, its KV cache moves to one of the other replicas, which only
/// decode. Prefill then never stalls decodes, and each pool can be sized for its phase.
///
/// The KV cache moves over the fabric (``ServingNetwork``): each GPU of the prefill
/// replica's TP × PP group sends its shard to the GPU at the same position in the decode
/// replica, as one flow on its topology route (NVLink inside a scale-up domain, NICs,
/// leaves and spines between nodes). Transfers that share a link share its bandwidth,
/// so a burst of handoffs into one decode replica queues on its NICs.
public struct DisaggregationConfiguration: Sendable, Equatable {
    /// Default transfer set-up latency, 20 µs: RDMA connection reuse, the decode side's
    /// block allocation and a few network round trips, before the first byte moves (the
    /// route's link latencies are added by the fabric).
    public static let defaultSetUpLatency = SimTime.microsecond.scaled(by: 20)

    /// Replicas (the first ones) that only prefill; the rest only decode.
    public var prefillReplicas: Int
    /// Per-NIC line rate of the default fabric's nodes, replacing the node's own (a
    /// scenario's `cluster.fabric` sets its links itself); nil keeps the node's NICs
    /// (400 Gb/s = 50 GB/s per GPU on DGX H100 and A100 nodes).
    public var linkBandwidthBytesPerSecond: Double?
    public var setUpLatency: SimTime

    public init(
        prefillReplicas: Int, linkBandwidthBytesPerSecond: Double? = nil, setUpLatency: SimTime = defaultSetUpLatency
    ) {
        self.prefillReplicas = prefillReplicas
        self.linkBandwidthBytesPerSecond = linkBandwidthBytesPerSecond
        self.setUpLatency = setUpLatency
    }

    func validate(replicas: Int) throws(ServingError) {
        guard prefillReplicas >= 1, prefillReplicas < replicas else {
            throw .invalidConfiguration(
                "disaggregation: need 1 ≤ prefill replicas (\(prefillReplicas)) < replicas (\(replicas)), leaving at least one decode replica")
        }
        if let link = linkBandwidthBytesPerSecond, !(link.isFinite && link > 0) {
            throw .invalidConfiguration("disaggregation: link bandwidth must be > 0, got \(link)")
        }
        guard setUpLatency >= .zero else { throw .invalidConfiguration("disaggregation: latency must be ≥ 0") }
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
