import OrreryKernel

/// Alibaba's GPU cluster trace 2023 (`openb_pod_list_*.csv`, cluster-trace-gpu-v2023):
/// a header, then one pod per line with at least `name, num_gpu, gpu_milli,
/// creation_time, deletion_time, scheduled_time` (times in seconds); `qos`, `cpu_milli`
/// and `memory_mib` are optional.
///
/// Mapping: id = `name`; gpus = `num_gpu`; gpuMilli = `gpu_milli` (a pod below 1,000
/// shares one GPU); cpuMilli = `cpu_milli`, memoryMiB = `memory_mib` (0 when absent);
/// submit = `creation_time`; duration = `deletion_time − scheduled_time` (at least 1 s);
/// tenant = `qos` (`LS`, `BE`, …) or `default`. Rows left out, counted in
/// ``ImportedTrace/skipped``: pods without GPUs (CPU-only pods; Orrery runs GPU jobs) and
/// pods never scheduled (empty `scheduled_time` or `deletion_time`). A share with more
/// than one GPU (`num_gpu` > 1 and `gpu_milli` < 1000) is a malformed row. `gpu_spec`
/// (allowed GPU models, empty in the default trace) is not read. The `multigpu50`
/// variant has no time columns and is refused with a clear message.
enum AlibabaOpenbTrace {
    static let required = ["name", "num_gpu", "gpu_milli", "creation_time", "deletion_time", "scheduled_time"]

    static func parse(_ text: String, file: String, skipBadRows: Bool = false) throws(TraceError) -> ImportedTrace {
        let expected = "name,cpu_milli,memory_mib,num_gpu,gpu_milli,...,creation_time,deletion_time,scheduled_time"
        return try CSVHeader.rows(of: text, file: file, required: required, expected: expected, skipBadRows: skipBadRows) {
            row, header, trace throws(TraceError) in
            let gpus = try row.integer(header.column("num_gpu"), "num_gpu", in: 0...maxTraceGPUs)
            let milli = try row.integer(header.column("gpu_milli"), "gpu_milli", in: 0...1000)
            guard gpus > 0 else { trace.skip("no GPU (num_gpu = 0)"); return }
            guard milli > 0 else { throw row.error("field 'gpu_milli': expected 1 to 1000 for a pod with num_gpu = \(gpus), found 0") }
            guard milli == 1000 || gpus == 1 else {
                throw row.error("field 'gpu_milli': a GPU share (\(milli) < 1000) needs num_gpu = 1, found \(gpus)")
            }
            let cpu = try header.position("cpu_milli").map { position throws(TraceError) in
                try row.integer(position, "cpu_milli", in: 0...maxHostMilli)
            } ?? 0
            let memory = try header.position("memory_mib").map { position throws(TraceError) in
                try row.integer(position, "memory_mib", in: 0...maxHostMilli)
            } ?? 0
            let scheduledText = try row.text(header.column("scheduled_time"), "scheduled_time")
            let deletionText = try row.text(header.column("deletion_time"), "deletion_time")
            guard !scheduledText.isEmpty, !deletionText.isEmpty else { trace.skip("never scheduled"); return }
            let creation = try row.number(header.column("creation_time"), "creation_time")
            let scheduled = try row.number(header.column("scheduled_time"), "scheduled_time")
            let deletion = try row.number(header.column("deletion_time"), "deletion_time")
            let tenant = try header.position("qos").map { position throws(TraceError) in try row.text(position, "qos") }
                .flatMap { $0.isEmpty ? nil : $0 }
            trace.append(
                JobSpec(
                    id: try row.text(header.column("name"), "name"), tenant: tenant ?? "default", gpus: gpus,
                    submit: .seconds(creation), duration: .traceDuration(seconds: deletion - scheduled), gpuMilli: milli,
                    cpuMilli: cpu, memoryMiB: memory),
                file: file, line: row.record.line)
        }
    }
}

/// The largest host CPU (milli-cores) or memory (MiB) a trace row may give: far beyond
/// any node, small enough that sums cannot overflow.
let maxHostMilli = 1_000_000_000
