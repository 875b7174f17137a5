import Foundation
import OrreryKernel
import OrreryHardware
import OrreryScheduling

extension Scenario {
    static let maxGPUsPerJob = 1_000_000

    /// `workloads: [ {kind: jobs, name, jobs: [...], trace: {format: csv, path}} | {kind: serving, …} ]`.
    /// `clusterGPUs`: the cluster's GPUs, which a synthetic workload's `offered-load` is
    /// relative to.
    static func parseWorkloads(
        _ node: ConfigNode, baseDirectory: String, clusterGPUs: Int, catalogue: HardwareCatalogue = .builtIn, defaultGPU: GPUSpec? = nil
    ) throws(ScenarioError) -> ([JobsWorkload], [ServingWorkload]) {
        let list = try node.sequence()
        guard !list.isEmpty else { throw node.error("expected at least one workload") }
        var workloads: [JobsWorkload] = []
        var serving: [ServingWorkload] = []
        var servingNames: [String: ConfigNode] = [:]
        for (index, item) in list.enumerated() {
            let map = try item.mapping()
            let kindNode = try map.required("kind")
            let kind = try kindNode.string()
            switch kind {
            case "jobs": break
            case "serving":
                let name = try map.optional("name")?.string() ?? "serving-\(index)"
                if let first = servingNames[name] {
                    throw item.error("duplicate serving workload name '\(name)' (first defined at \(first.location))")
                }
                servingNames[name] = item
                serving.append(try parseServing(
                    item, map: map, name: name, baseDirectory: baseDirectory, catalogue: catalogue, defaultGPU: defaultGPU))
                continue
            case "training":
                continue  // parsed by parseTrainingWorkloads, which needs the cluster
            default:
                throw kindNode.error(
                    "unknown workload kind '\(kind)' (available: jobs, serving, training)",
                    suggestion: Suggestion.closest(to: kind, among: ["jobs", "serving", "training"]))
            }
            try map.checkKeys(allowed: ["kind", "name", "jobs", "trace", "synthetic"])
            let name = try map.optional("name")?.string() ?? "workload-\(index)"
            var workload = JobsWorkload(name: name, jobs: [], origins: [])
            if let jobs = map.optional("jobs") {
                for job in try jobs.sequence() {
                    workload.jobs.append(try parseJob(job, defaultID: "\(name)-\(workload.jobs.count)"))
                    workload.origins.append(JobOrigin(file: job.location.file, location: job.location, keyPath: job.keyPath))
                }
            }
            if let trace = map.optional("trace") {
                let (jobs, origins) = try parseTrace(trace, workload: name, baseDirectory: baseDirectory, warnings: &workload.warnings)
                workload.jobs += jobs
                workload.origins += origins
            }
            if let synthetic = map.optional("synthetic") {
                guard workload.jobs.isEmpty else { throw synthetic.error("give either 'synthetic' or 'jobs'/'trace', not both") }
                workload.synthetic = try parseSynthetic(synthetic, workload: name, baseDirectory: baseDirectory, clusterGPUs: clusterGPUs)
            }
            guard !workload.jobs.isEmpty || workload.synthetic != nil else {
                throw item.error("workload '\(name)' has no jobs: give 'jobs', a 'trace' or 'synthetic'")
            }
            workloads.append(workload)
        }
        return (workloads, serving)
    }

    private static func parseJob(_ node: ConfigNode, defaultID: String) throws(ScenarioError) -> JobSpec {
        let map = try node.mapping()
        try map.checkKeys(
            allowed: [
                "id", "tenant", "gpus", "submit", "duration", "gpu-type", "priority", "user", "steps", "gpu-milli", "cpu-milli",
                "memory-mib", "job-type", "min-gpus", "max-gpus", "serial-fraction",
            ])
        let gpus = try map.required("gpus").int(in: 1...maxGPUsPerJob)
        let gpuMilli = try map.optional("gpu-milli")?.int(in: 1...ResourceRequest.wholeGPU) ?? ResourceRequest.wholeGPU
        if gpuMilli < ResourceRequest.wholeGPU, gpus != 1, let share = map.optional("gpu-milli") {
            throw share.error("a GPU share (\(gpuMilli) < 1000) needs gpus: 1, found \(gpus)")
        }
        let minGPUs = try map.optional("min-gpus")?.int(in: 1...maxGPUsPerJob)
        let maxGPUs = try map.optional("max-gpus")?.int(in: 1...maxGPUsPerJob)
        if let minGPUs, minGPUs > gpus, let node = map.optional("min-gpus") {
            throw node.error("expected min-gpus ≤ gpus (\(gpus)), found \(minGPUs)")
        }
        if let maxGPUs, maxGPUs < gpus, let node = map.optional("max-gpus") {
            throw node.error("expected max-gpus ≥ gpus (\(gpus)), found \(maxGPUs)")
        }
        if gpuMilli < ResourceRequest.wholeGPU, let node = map.optional("min-gpus") ?? map.optional("max-gpus") {
            throw node.error("an elastic job (min-gpus/max-gpus) holds whole GPUs: remove gpu-milli or the size range")
        }
        var serialFraction: Double?
        if let fraction = map.optional("serial-fraction") {
            let value = try fraction.double()
            guard (0...1).contains(value) else { throw fraction.error("expected a serial fraction from 0 to 1, like 0.05") }
            serialFraction = value
        }
        let steps = try map.optional("steps")?.int(in: 1...maxTrainingSteps)
        // With `steps` the duration comes from `scheduler.run-time: training` (set after loading).
        var duration = SimTime.seconds(1)
        if steps == nil || map.optional("duration") != nil {
            let durationNode = try map.required("duration")
            duration = try durationNode.duration()
            guard duration > .zero else { throw durationNode.error("expected a duration > 0, like 2h") }
        }
        let submit = try map.optional("submit")?.duration() ?? .zero
        if submit < .zero, let submitNode = map.optional("submit") {
            throw submitNode.error("expected a submit time ≥ 0")
        }
        return JobSpec(
            id: try map.optional("id")?.string() ?? defaultID,
            tenant: try map.optional("tenant")?.string() ?? "default",
            gpus: gpus,
            submit: submit, duration: duration,
            gpuType: try map.optional("gpu-type")?.string(),
            priority: try map.optional("priority")?.int() ?? 0,
            user: try map.optional("user")?.string() ?? "", gpuMilli: gpuMilli,
            cpuMilli: try map.optional("cpu-milli")?.int(in: 0...1_000_000_000) ?? 0,
            memoryMiB: try map.optional("memory-mib")?.int(in: 0...1_000_000_000) ?? 0, steps: steps,
            jobType: try map.optional("job-type")?.string(), minGPUs: minGPUs, maxGPUs: maxGPUs, serialFraction: serialFraction)
    }

    /// `synthetic: {jobs: 100000, from: {format, path}, arrivals-per-hour: 500 | load: 1.2 |
    /// offered-load: 0.8}`.
    private static func parseSynthetic(
        _ node: ConfigNode, workload: String, baseDirectory: String, clusterGPUs: Int
    ) throws(ScenarioError) -> SyntheticJobs {
        let map = try node.mapping()
        try map.checkKeys(allowed: ["jobs", "from", "arrivals-per-hour", "load", "offered-load"])
        let count = try map.required("jobs").int(in: 1...100_000_000)
        let fromNode = try map.required("from")
        var ignored: [String] = []
        let (sample, _) = try parseTrace(fromNode, workload: workload, baseDirectory: baseDirectory, warnings: &ignored)
        if let offeredNode = map.optional("offered-load") {
            for other in ["arrivals-per-hour", "load"] where map.optional(other) != nil {
                throw offeredNode.error("give either 'offered-load' or '\(other)', not both: both set the arrival rate")
            }
            let offered = try offeredNode.double()
            guard offered > 0, offered.isFinite else { throw offeredNode.error("expected an offered load > 0, like 0.8 (of the cluster's GPU-hours)") }
            guard let generator = SyntheticJobs(count: count, sample: sample, offeredLoad: offered, gpus: clusterGPUs) else {
                throw fromNode.error("cannot set a rate from the offered load: the sample's jobs hold no GPU-time, or the cluster has no GPUs")
            }
            return generator
        }
        let rate = try map.optional("arrivals-per-hour").map { node throws(ScenarioError) -> Double in
            let value = try node.double()
            guard value > 0, value.isFinite else { throw node.error("expected a rate > 0 (jobs per hour)") }
            return value
        }
        var load = 1.0
        if let loadNode = map.optional("load") {
            load = try loadNode.double()
            guard load > 0, load.isFinite else { throw loadNode.error("expected a load factor > 0, like 1.5") }
        }
        guard let generator = SyntheticJobs(count: count, sample: sample, arrivalsPerHour: rate, load: load) else {
            throw fromNode.error("cannot fit an arrival rate: the sample's jobs all arrive at one instant; give 'arrivals-per-hour'")
        }
        return generator
    }

    private static func parseTrace(
        _ node: ConfigNode, workload: String, baseDirectory: String, warnings: inout [String]
    ) throws(ScenarioError) -> ([JobSpec], [JobOrigin]) {
        let map = try node.mapping()
        try map.checkKeys(allowed: ["format", "path", "skip-bad-rows"])
        let skipBadRows = try map.optional("skip-bad-rows")?.bool() ?? false
        let formatNode = try map.required("format")
        let format = try formatNode.string()
        let formats = ["csv"] + TraceFormat.allCases.map(\.rawValue)
        let imported = TraceFormat(rawValue: format)
        guard format == "csv" || imported != nil else {
            throw formatNode.error(
                "unknown trace format '\(format)' (available: \(formats.joined(separator: ", ")))",
                suggestion: Suggestion.closest(to: format, among: formats))
        }
        let pathNode = try map.required("path")
        let relative = try pathNode.string()
        let path = relative.hasPrefix("/") ? relative : URL(fileURLWithPath: baseDirectory).appendingPathComponent(relative).path
        if let imported {
            let trace: ImportedTrace
            do { trace = try imported.load(path: path, idPrefix: workload, skipBadRows: skipBadRows) } catch {
                guard let line = error.line else { throw pathNode.error("cannot read the \(format) trace '\(relative)': \(error.message)") }
                throw ScenarioError(
                    file: error.file, location: SourceLocation(file: error.file, line: line, column: 1), message: error.message)
            }
            guard !trace.jobs.isEmpty else { throw pathNode.error("the \(format) trace '\(relative)' has no jobs this model can run") }
            if let warning = trace.badRowWarning { warnings.append(warning) }
            let origins = trace.locations.map {
                JobOrigin(file: $0.file, location: SourceLocation(file: $0.file, line: $0.line, column: 1), keyPath: "")
            }
            return (trace.jobs, origins)
        }
        let text: String
        do { text = try JobTraceCSV.read(path: path) } catch {
            throw pathNode.error("cannot read the job trace '\(relative)': \(error.message)")
        }
        var skipped: [ScenarioError] = []
        let parsed = try JobTraceCSV.parse(text, file: path, idPrefix: workload, skipBadRows: skipBadRows, skipped: &skipped)
        if let first = skipped.first {
            warnings.append("warning: skipped \(skipped.count) malformed row\(skipped.count == 1 ? "" : "s"), first: \(first)")
        }
        return parsed
    }
}
