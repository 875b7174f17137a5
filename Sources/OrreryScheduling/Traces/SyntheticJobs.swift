import OrreryKernel

/// A generator of rigid jobs for load sweeps: Poisson arrivals, and each job's GPUs (with
/// its GPU share and host demand), duration and tenant drawn together from a sample trace (the empirical joint
/// distribution, so large jobs keep their durations).
///
/// The arrival rate is given, or fitted to the sample (its jobs over its submit span),
/// and multiplied by `load`; or it is set by the offered load on a cluster, the
/// GPU-time the jobs bring per hour as a fraction of the cluster's GPU-hours (queueing
/// theory's ρ, so a sweep over it reads against the cluster, not the sample's own rate).
/// Draws come from the named stream `jobs.<workload>`, so the same seed gives the same
/// jobs and other models' draws do not shift them.
public struct SyntheticJobs: Sendable, Equatable {
    public struct Shape: Sendable, Equatable {
        public var gpus: Int
        public var duration: SimTime
        public var tenant: String
        /// The sample job's GPU share and host demand (``JobSpec``).
        public var gpuMilli: Int = ResourceRequest.wholeGPU
        public var cpuMilli: Int = 0
        public var memoryMiB: Int = 0
    }

    public var count: Int
    /// Mean arrivals per hour.
    public var arrivalsPerHour: Double
    /// The jobs to draw shapes from (uniformly, with replacement).
    public var shapes: [Shape]

    /// - Parameters:
    ///   - arrivalsPerHour: nil fits the rate to `sample` (jobs / submit span).
    ///   - load: multiplies the rate (1: the sample's load).
    /// - Returns: nil if `sample` is empty, or the rate is unknown (given none and the
    ///   sample's jobs all arrive at one instant) or not positive.
    public init?(count: Int, sample: [JobSpec], arrivalsPerHour: Double? = nil, load: Double = 1) {
        guard !sample.isEmpty, count >= 0 else { return nil }
        self.count = count
        shapes = Self.shapes(of: sample)
        if let arrivalsPerHour {
            self.arrivalsPerHour = arrivalsPerHour * load
        } else {
            guard let first = sample.map(\.submit).min(), let last = sample.map(\.submit).max(), last > first else { return nil }
            self.arrivalsPerHour = Double(sample.count - 1) / (last - first).hours * load
        }
        guard self.arrivalsPerHour > 0, self.arrivalsPerHour.isFinite else { return nil }
    }

    /// Jobs that bring `offeredLoad` × `gpus` GPU-hours per hour on average: arrivals at
    /// offeredLoad × gpus ÷ the sample's mean GPU-hours per job (GPUs × duration, a shared
    /// GPU counting as its share), the mean the uniform draw of shapes has.
    /// - Returns: nil if `sample` is empty or holds no GPU-time, or the rate is not a
    ///   positive number.
    public init?(count: Int, sample: [JobSpec], offeredLoad: Double, gpus: Int) {
        guard !sample.isEmpty, count >= 0 else { return nil }
        self.count = count
        shapes = Self.shapes(of: sample)
        let meanGPUHours = sample.reduce(0) { $0 + $1.gpuShare * $1.duration.hours } / Double(sample.count)
        arrivalsPerHour = offeredLoad * Double(gpus) / meanGPUHours
        guard arrivalsPerHour > 0, arrivalsPerHour.isFinite else { return nil }
    }

    private static func shapes(of sample: [JobSpec]) -> [Shape] {
        sample.map {
            Shape(gpus: $0.gpus, duration: $0.duration, tenant: $0.tenant, gpuMilli: $0.gpuMilli, cpuMilli: $0.cpuMilli, memoryMiB: $0.memoryMiB)
        }
    }

    /// The jobs, ids `<workload>-<n>`, the first arriving one exponential gap after 0.
    public func generate(workload: String, random: RandomStreams) -> [JobSpec] {
        let stream = random.stream("jobs.\(workload)")
        let gap = Distribution.exponential(mean: 3600 / arrivalsPerHour)
        var clock = 0.0
        var jobs: [JobSpec] = []
        jobs.reserveCapacity(count)
        let bound = UInt32(Swift.min(shapes.count, Int(UInt32.max)))
        for n in 0..<count {
            clock += stream.sample(gap)
            let shape = shapes[Int(stream.uniformInt(below: bound))]
            jobs.append(
                JobSpec(
                    id: "\(workload)-\(n)", tenant: shape.tenant, gpus: shape.gpus, submit: .seconds(clock), duration: shape.duration,
                    gpuMilli: shape.gpuMilli, cpuMilli: shape.cpuMilli, memoryMiB: shape.memoryMiB))
        }
        return jobs
    }
}
