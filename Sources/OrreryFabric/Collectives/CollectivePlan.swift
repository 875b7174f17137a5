import OrreryKernel

/// One transfer of a collective: bytes from one GPU to another, all inside one scale-up
/// domain or NIC to NIC.
public struct CollectiveFlow: Hashable, Sendable {
    public var source: Int
    public var destination: Int
    /// Bytes on the wire: the payload divided by the calibrated efficiency of its tier.
    public var bytes: Double
    public var tier: CollectiveLinkTier
}

/// A set of flows that run together after a latency; the next phase starts when the
/// last of them completes.
public struct CollectivePhase: Hashable, Sendable {
    /// The α term: waited before the phase's flows start.
    public var latency: SimTime
    public var flows: [CollectiveFlow]
}

/// A collective expanded into phases of concurrent flows by one algorithm.
public struct CollectivePlan: Hashable, Sendable {
    public var kind: CollectiveKind
    /// The algorithm used (never ``CollectiveAlgorithm/automatic``).
    public var algorithm: CollectiveAlgorithm
    public var phases: [CollectivePhase]

    /// Flows over all phases.
    public var flowCount: Int { phases.reduce(0) { $0 + $1.flows.count } }
}
