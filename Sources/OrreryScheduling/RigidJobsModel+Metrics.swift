import OrreryKernel

extension RigidJobsModel {
    /// Summary metrics of the run so far. Names are stable: baselines and notebooks key
    /// on them (documented in docs/scheduling.md).
    ///
    /// - Parameter end: the simulated time the run reached (the allocation rate is
    ///   allocated GPU-time over total GPU-time from zero to `end`).
    public func metrics(end: SimTime) -> [Metric] {
        let finished = outcomes.filter { $0.state == .finished }
        var metrics = [
            Metric("jobs.submitted", Double(outcomes.count), unit: "jobs"),
            Metric("jobs.finished", Double(finished.count), unit: "jobs"),
            Metric("jobs.rejected", Double(outcomes.count { $0.state == .rejected }), unit: "jobs"),
            Metric("jobs.unfinished", Double(outcomes.count { $0.state == .queued || $0.state == .running }), unit: "jobs"),
        ]
        func add(_ prefix: String, _ values: [Double]) {
            guard let s = SampleSummary(values) else { return }
            metrics += [
                Metric("\(prefix).mean", s.mean, unit: "s"), Metric("\(prefix).p50", s.p50, unit: "s"),
                Metric("\(prefix).p95", s.p95, unit: "s"), Metric("\(prefix).p99", s.p99, unit: "s"),
                Metric("\(prefix).max", s.max, unit: "s"),
            ]
        }
        add("jobs.jct", finished.compactMap { $0.completionTime?.seconds })
        add("jobs.queueing", outcomes.compactMap { $0.queueingDelay?.seconds })
        if let firstSubmit = outcomes.map(\.spec.submit).min(), let lastEnd = finished.compactMap(\.end).max() {
            metrics.append(Metric("jobs.makespan", (lastEnd - firstSubmit).seconds, unit: "s"))
        }
        let capacity = Double(cluster.totalGPUs) * end.seconds
        let allocated = allocatedGPUSeconds(until: end)
        metrics.append(Metric("gpu.allocated-hours", allocated / 3600, unit: "GPU-h"))
        metrics.append(Metric("gpu.allocation", capacity > 0 ? allocated / capacity : 0, unit: "ratio"))
        metrics.append(Metric("cluster.gpus", Double(cluster.totalGPUs), unit: "GPUs"))
        return metrics
    }
}
