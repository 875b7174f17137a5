import OrreryKernel

/// Random fit: a node drawn uniformly among those that can hold the job now, its
/// fullest GPU with room for a shared GPU. The "Random" baseline of Weng et al. (ATC'23).
///
/// Deterministic without a mutable generator: the draw hashes the run's seed with the
/// cluster's change count (``ClusterState/changes``) through SplitMix64, so the same
/// scenario and seed place the same way, and each allocation moves the stream on.
public struct RandomFitPlacement: PlacementPolicy {
    public var seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
    }

    public func place(_ request: ResourceRequest, in cluster: ClusterState) -> Placement? {
        var options: [ScoredPlacement.Option] = []
        ScoredPlacement.forEachOption(request, in: cluster, gpuChoice: .bestFit) { options.append($0) }
        guard !options.isEmpty else { return request.isFractional ? nil : Placement.emptiestFirst(request, in: cluster) }
        let draw = StableHash.mix64(seed &+ cluster.changes &* 0x9E37_79B9_7F4A_7C15)
        let chosen = options[Int(draw % UInt64(options.count))]
        return ScoredPlacement.placement(request, chosen, in: cluster)
    }
}
