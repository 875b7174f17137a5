import OrreryKernel

/// What a trace holds, for `orrery trace inspect`: size, time span, gang sizes, arrival
/// rate and run times. Times are seconds; demand is GPU-hours, a job sharing a GPU
/// counting as its share (0.47 GPU for 470 milli-GPUs).
public struct TraceSummary: Sendable, Equatable {
    public var jobs: Int
    public var tenants: Int
    /// Earliest and latest submit time.
    public var firstSubmit: SimTime
    public var lastSubmit: SimTime
    /// (GPUs per job, number of jobs) of jobs holding whole GPUs, by GPUs ascending.
    public var gpuHistogram: [Histogram]
    /// Jobs holding a share of one GPU (fewer than 1,000 milli-GPUs), and their mean share
    /// in GPUs (nil without such jobs).
    public var sharedJobs: Int
    public var meanShare: Double?
    /// Jobs per hour over the submit span; nil when all jobs arrive at one instant.
    public var arrivalsPerHour: Double?
    /// Durations in seconds.
    public var duration: SampleSummary
    /// Σ GPUs held × duration, in GPU-hours (a share counts as its fraction).
    public var gpuHours: Double

    public struct Histogram: Sendable, Equatable {
        public var gpus: Int
        public var jobs: Int
    }

    public var span: SimTime { lastSubmit - firstSubmit }

    /// Nil for a trace without jobs.
    public init?(_ jobs: [JobSpec]) {
        guard let durations = SampleSummary(jobs.map(\.duration.seconds)),
            let first = jobs.map(\.submit).min(), let last = jobs.map(\.submit).max()
        else { return nil }
        self.jobs = jobs.count
        tenants = Set(jobs.map(\.tenant)).count
        firstSubmit = first
        lastSubmit = last
        var counts: [Int: Int] = [:]
        var shared = 0
        var shares = 0.0
        for job in jobs {
            if job.gpuMilli < ResourceRequest.wholeGPU {
                shared += 1
                shares += job.gpuShare
            } else {
                counts[job.gpus, default: 0] += 1
            }
        }
        gpuHistogram = counts.sorted { $0.key < $1.key }.map { Histogram(gpus: $0.key, jobs: $0.value) }
        sharedJobs = shared
        meanShare = shared > 0 ? shares / Double(shared) : nil
        arrivalsPerHour = last > first ? Double(jobs.count) / (last - first).hours : nil
        duration = durations
        gpuHours = jobs.reduce(0) { $0 + $1.gpuShare * $1.duration.hours }
    }
}
