import OrreryKernel

/// Pollux's synthetic workloads (petuum/adaptdl, branch osdi21-artifact,
/// `simulator/workloads*/workload-N.csv`): a header, then
/// `name,time,application,num_replicas,batch_size`.
///
/// Mapping: id = `name`; submit = `time` (seconds); gpus = `num_replicas` (the job's
/// initial size; Pollux itself resizes jobs, which a rigid model cannot); tenant =
/// `default`. The trace carries no duration: Pollux simulates each application's
/// progress from profiled throughput and statistical efficiency. Orrery assumes a fixed
/// GPU-time per application, the geometric middle of the size class the Pollux paper
/// gives it (Small 0–1, Medium 1–10, Large 10–100, XLarge 100–1000 GPU-hours), and
/// divides it by `num_replicas` (perfect scaling): a coarse, documented stand-in.
enum PolluxTrace {
    /// GPU-hours per job by application (see docs/scheduling.md).
    static let gpuHours: [String: Double] = [
        "cifar10": 0.5, "ncf": 0.5,  // Small
        "deepspeech2": 3.16, "bert": 3.16,  // Medium
        "yolov3": 31.6,  // Large
        "imagenet": 316,  // XLarge
    ]

    static let required = ["name", "time", "application", "num_replicas"]

    static func parse(_ text: String, file: String, skipBadRows: Bool = false) throws(TraceError) -> ImportedTrace {
        try CSVHeader.rows(
            of: text, file: file, required: required, expected: "name,time,application,num_replicas,batch_size", skipBadRows: skipBadRows
        ) { row, header, trace throws(TraceError) in
            let column = header.column
            let application = try row.text(column("application"), "application")
            guard let hours = gpuHours[application] else {
                throw row.error("unknown Pollux application '\(application)' (known: \(gpuHours.keys.sorted().joined(separator: ", ")))")
            }
            let gpus = try row.integer(column("num_replicas"), "num_replicas", in: 1...maxTraceGPUs)
            trace.append(
                JobSpec(
                    id: try row.text(column("name"), "name"), gpus: gpus,
                    submit: .seconds(try row.number(column("time"), "time")),
                    duration: .traceDuration(seconds: hours * 3600 / Double(gpus))),
                file: file, line: row.record.line)
        }
    }
}
