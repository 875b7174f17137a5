import OrreryKernel

extension RigidJobsModel {
    /// Summary metrics of the run so far. Names are stable: baselines and notebooks key
    /// on them (documented in docs/scheduling.md).
    ///
    /// - Parameter end: the simulated time the run reached (the allocation rate is
    ///   allocated GPU-time over total GPU-time from zero to `end`).
    public func metrics(end: SimTime) -> [Metric] {
        let records = self.records
        let finished = records.filter { $0.state == .finished }
        var metrics = [
            Metric("jobs.submitted", Double(records.count), unit: "jobs"),
            Metric("jobs.finished", Double(finished.count), unit: "jobs"),
            Metric("jobs.rejected", Double(records.count { $0.state == .rejected }), unit: "jobs"),
            Metric("jobs.unfinished", Double(records.count { $0.state == .queued || $0.state == .running }), unit: "jobs"),
        ]
        func add(_ prefix: String, _ values: [Double]) {
            guard let s = SampleSummary(values) else { return }
            metrics += [
                Metric("\(prefix).mean", s.mean, unit: "s"), Metric("\(prefix).p50", s.p50, unit: "s"),
                Metric("\(prefix).p95", s.p95, unit: "s"), Metric("\(prefix).p99", s.p99, unit: "s"),
                Metric("\(prefix).max", s.max, unit: "s"),
            ]
        }
        // Per-job figures over the measured jobs: all, or those submitted inside the
        // warm-up/cool-down window.
        let measured = measuredJobs(of: records)
        let measuredFinished = measured.filter { records[$0].state == .finished }.map { records[$0] }
        if measurementWindow != nil {
            metrics.append(Metric("jobs.measured", Double(measured.count), unit: "jobs"))
        }
        add("jobs.jct", measuredFinished.compactMap { $0.completionTime?.seconds })
        add("jobs.queueing", measured.compactMap { records[$0].queueingDelay?.seconds })
        if let firstSubmit = records.map(\.spec.submit).min(), let lastEnd = finished.compactMap(\.end).max() {
            metrics.append(Metric("jobs.makespan", (lastEnd - firstSubmit).seconds, unit: "s"))
        }
        let capacity = Double(cluster.totalGPUs) * end.seconds
        let allocated = allocatedGPUSeconds(until: end)
        metrics.append(Metric("gpu.allocated-hours", allocated / 3600, unit: "GPU-h"))
        metrics.append(Metric("gpu.allocation", capacity > 0 ? allocated / capacity : 0, unit: "ratio"))
        metrics.append(Metric("cluster.gpus", Double(cluster.totalGPUs), unit: "GPUs"))
        metrics += fragmentationMetrics(end: end)
        if let bsld = Self.boundedSlowdownMean(measuredFinished) {
            metrics.append(Metric("jobs.bsld.mean", bsld, unit: "ratio"))
        }
        let rho = FinishTimeFairness.rho(records, totalGPUs: cluster.totalGPUs)
        let measuredRho = measured.compactMap { rho[$0] }
        if let worst = measuredRho.max() {
            metrics += [
                Metric("jobs.ftf.max", worst, unit: "ratio"),
                Metric("jobs.ftf.mean", measuredRho.reduce(0, +) / Double(measuredRho.count), unit: "ratio"),
                Metric("jobs.ftf.above-1", Double(measuredRho.count { $0 > 1 }) / Double(measuredRho.count), unit: "ratio"),
            ]
        }
        let tenants = tenantGPUSeconds(until: end)
        if let jain = Self.jainIndex(tenants.map(\.seconds)) {
            metrics.append(Metric("tenants.jain", jain, unit: "ratio"))
        }
        metrics += tenants.map { Metric("tenants.\($0.tenant).gpu-hours", $0.seconds / 3600, unit: "GPU-h") }
        if isPreemptive {
            metrics += [
                Metric("jobs.preemptions", Double(preemptionCount), unit: "preemptions"),
                Metric("jobs.preempted", Double(records.count { $0.preemptions > 0 }), unit: "jobs"),
                Metric("gpu.lost-hours", lostGPUSeconds / 3600, unit: "GPU-h"),
            ]
        }
        return metrics
    }

    /// Indices of the jobs per-job metrics cover: every job not rejected, or with a
    /// ``RigidJobsModel/measurementWindow``, those submitted at least `warmUp` after the
    /// first submission and at least `coolDown` before the last.
    func measuredJobs() -> [Int] { measuredJobs(of: records) }

    /// ``measuredJobs()`` among `records`, this model's ``records``.
    private func measuredJobs(of records: [JobOutcome]) -> [Int] {
        let accepted = records.indices.filter { records[$0].state != .rejected }
        guard let window = measurementWindow, let first = records.map(\.spec.submit).min(),
            let last = records.map(\.spec.submit).max()
        else { return accepted }
        return accepted.filter {
            Self.isMeasured(submittedAt: records[$0].spec.submit, first: first, last: last, warmUp: window.warmUp, coolDown: window.coolDown)
        }
    }

    /// Whether a job submitted at `submit` is one per-job metrics cover under a window of
    /// `warmUp` and `coolDown`, in a run whose jobs are submitted from `first` to `last`:
    /// at least `warmUp` after the first submission and at least `coolDown` before the
    /// last. Scenarios check a window against it before the run.
    public static func isMeasured(submittedAt submit: SimTime, first: SimTime, last: SimTime, warmUp: SimTime, coolDown: SimTime) -> Bool {
        submit >= first + warmUp && submit <= last - coolDown
    }

    /// GPU-seconds each tenant's jobs held from time zero to `end` (running jobs count up
    /// to `end`), for every tenant that submitted a job, sorted by tenant name.
    public func tenantGPUSeconds(until end: SimTime) -> [(tenant: String, seconds: Double)] {
        var byTenant: [String: Double] = [:]
        for (index, spec) in specs.enumerated() {
            byTenant[spec.tenant, default: 0] += spec.gpuShare * heldTime(of: index, until: end).seconds
                + resizedGPUSeconds(of: index, until: end)
        }
        return byTenant.sorted { $0.key < $1.key }.map { (tenant: $0.key, seconds: $0.value) }
    }

    /// The threshold below which a job's run time counts as this long in bounded
    /// slowdown, so that very short jobs do not dominate the mean (10 s, the usual choice
    /// since Feitelson et al. 1997).
    public static let slowdownBound: SimTime = .seconds(10)

    /// Mean over finished jobs of max(1, (end − submit) / max(run, 10 s)), where run is
    /// the job's duration (its run time alone, without waits or restart overhead after
    /// preemptions); nil if none.
    static func boundedSlowdownMean(_ finished: [JobOutcome]) -> Double? {
        let values = finished.compactMap { outcome -> Double? in
            guard let end = outcome.end else { return nil }
            let run = outcome.spec.duration.seconds
            let response = (end - outcome.spec.submit).seconds
            return Swift.max(1, response / Swift.max(run, slowdownBound.seconds))
        }
        guard !values.isEmpty else { return nil }
        return values.reduce(0, +) / Double(values.count)
    }

    /// Jain's fairness index (Σx)² / (n · Σx²): 1 when all equal, 1/n when one has all.
    /// Nil with no values or when every value is zero (nothing to be fair about).
    static func jainIndex(_ values: [Double]) -> Double? {
        let sum = values.reduce(0, +)
        let squares = values.reduce(0) { $0 + $1 * $1 }
        guard !values.isEmpty, squares > 0 else { return nil }
        return sum * sum / (Double(values.count) * squares)
    }
}
