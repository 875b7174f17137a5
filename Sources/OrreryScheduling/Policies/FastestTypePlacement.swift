/// Heterogeneity-aware placement, greedy: the fastest GPU type that can hold the job now
/// (``GPUSpeedRunTime`` speeds), consolidated within that type as
/// ``ConsolidatingPlacement`` does; ties between equally fast types go to the type that
/// appears first in the cluster. Jobs naming a type keep to it.
///
/// A simplification of Gavel (Narayanan et al., OSDI'20): Gavel allocates time shares of
/// each type by solving for max-min fairness (or another objective) over throughputs
/// normalised per job, which matters when job types gain differently from faster GPUs.
/// With one speed per GPU type for every job (the traces Orrery reads), that reduces to
/// giving the fastest free GPUs to whichever job is next.
public struct FastestTypePlacement: PlacementPolicy {
    public var speeds: [String: Double]

    public init(speeds: [String: Double]) {
        self.speeds = Dictionary(speeds.map { ($0.key.lowercased(), $0.value) }) { a, _ in a }
    }

    public func place(_ request: ResourceRequest, in cluster: ClusterState) -> Placement? {
        guard request.gpuType == nil else { return ConsolidatingPlacement().place(request, in: cluster) }
        let ordered = cluster.gpuTypes.enumerated().sorted { a, b in
            let sa = speeds[a.element.lowercased()] ?? 0, sb = speeds[b.element.lowercased()] ?? 0
            return sa != sb ? sa > sb : a.offset < b.offset
        }
        for (_, type) in ordered {
            var typed = request
            typed.gpuType = type
            if let placement = ConsolidatingPlacement().place(typed, in: cluster) { return placement }
        }
        return nil
    }
}
