import OrreryScheduling

extension Scenario {
    /// Semantic checks that need the whole scenario: every job must be able to run on
    /// this cluster, and job ids must be unique. All problems are reported together.
    public func validate() throws(ScenarioErrors) {
        var problems = ScenarioErrors()
        let cluster = ClusterState(nodes: schedulerNodes)
        let gpuTypes = cluster.gpuTypes.sorted()
        let sites = validateServingSites(&problems)
        var seen: [String: JobOrigin] = [:]
        for workload in workloads {
            for (job, origin) in zip(workload.jobs, workload.origins) {
                let capacity = cluster.capacity(gpuType: job.gpuType)
                let held = servingReservedGPUs(ofType: job.gpuType, in: cluster, sites: sites)
                if let type = job.gpuType, capacity == 0 {
                    problems.append(origin.error(
                        "job '\(job.id)' asks for GPU type '\(type)', which this cluster does not have (it has: \(gpuTypes.joined(separator: ", ")))"))
                } else if job.gpus > capacity {
                    problems.append(origin.error(
                        "job '\(job.id)' needs \(job.gpus) GPUs but the cluster has only \(capacity)\(job.gpuType.map { " of type \($0)" } ?? "")"))
                } else if job.gpus > capacity - held {
                    problems.append(origin.error(
                        "job '\(job.id)' needs \(job.gpus) GPUs but only \(capacity - held) of the cluster's \(capacity)\(job.gpuType.map { " \($0)" } ?? "") are left beside the \(held) serving replicas hold"))
                } else if job.gpus == 1, job.request.isFractional || job.request.hasHostDemand, !cluster.canEverHoldOnOneNode(job.request) {
                    problems.append(origin.error(
                        "job '\(job.id)' \(job.request.isFractional ? "shares a GPU and " : "")needs \(job.cpuMilli) milli-cores and \(job.memoryMiB) MiB on its node, but no node\(job.gpuType.map { " of type \($0)" } ?? "") has that much"))
                }
                if let first = seen[job.id] {
                    problems.append(origin.error("duplicate job id '\(job.id)' (first defined at \(first.location.map(\.description) ?? first.file))"))
                } else {
                    seen[job.id] = origin
                }
            }
        }
        try problems.throwIfAny()
    }
}
