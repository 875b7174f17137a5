import OrreryKernel

/// Gavel's per-job-type throughputs (Narayanan et al., OSDI'20): a job whose type Gavel
/// measured runs its trace duration × (V100 steps/s ÷ steps/s on the GPU family it landed
/// on), since Gavel's Philly-derived traces give run times on a V100
/// (``GavelThroughputs``). A job over several families runs at its slowest GPU's pace;
/// jobs without a known type, and GPU types outside Gavel's families, keep their trace
/// duration (the scenario layer refuses clusters with such types under this model).
public struct GavelThroughputRunTime: RunTimeModel {
    public init() {}

    /// The job's run time relative to its trace duration on `gpuType`; nil if unknown.
    public static func slowdown(jobType: String?, on gpuType: String) -> Double? {
        guard let jobType, let family = GavelThroughputs.Family(gpuType: gpuType),
            let here = GavelThroughputs.stepsPerSecond(jobType: jobType, on: family),
            let reference = GavelThroughputs.stepsPerSecond(jobType: jobType, on: .v100), here > 0
        else { return nil }
        return reference / here
    }

    public func runTime(of job: JobSpec, on placement: Placement, in cluster: ClusterState) -> SimTime {
        let factors = placement.shares.compactMap { Self.slowdown(jobType: job.jobType, on: cluster.gpuType(of: $0.node)) }
        guard let slowest = factors.max(), slowest != 1 else { return job.duration }
        return .seconds(job.duration.seconds * slowest)
    }
}
