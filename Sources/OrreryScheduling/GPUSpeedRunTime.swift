import OrreryKernel

/// Heterogeneous clusters: a job's trace duration is its run time on a reference GPU
/// type; on a type `speed` times as fast it runs `duration × speed(reference) / speed`.
///
/// Speeds are relative throughputs per GPU type (case-insensitive names). Gavel
/// (Narayanan et al., OSDI'20) measures them per job type; Orrery's traces carry no job
/// type outside Gavel's own, so one speed per GPU type applies to every job, by default
/// the catalogue's peak dense BF16/FP16 FLOP/s (a compute-bound job's speed-up; memory-
/// or communication-bound jobs gain less). A job spread over several types runs at the
/// pace of its slowest GPU.
public struct GPUSpeedRunTime: RunTimeModel {
    /// Relative speed per lowercased GPU type.
    public var speeds: [String: Double]
    public var reference: String

    /// - Precondition: `speeds` holds a positive speed for `reference` and for every type
    ///   jobs can land on (the scenario layer checks this against the cluster).
    public init(speeds: [String: Double], reference: String) {
        self.speeds = Dictionary(speeds.map { ($0.key.lowercased(), $0.value) }) { a, _ in a }
        self.reference = reference.lowercased()
    }

    public func speed(of gpuType: String) -> Double? { speeds[gpuType.lowercased()] }

    public func runTime(of job: JobSpec, on placement: Placement, in cluster: ClusterState) -> SimTime {
        guard let base = speeds[reference] else { return job.duration }
        let slowest = placement.shares.compactMap { speed(of: cluster.gpuType(of: $0.node)) }.min() ?? base
        guard slowest > 0, slowest != base else { return job.duration }
        return .seconds(job.duration.seconds * base / slowest)
    }
}
