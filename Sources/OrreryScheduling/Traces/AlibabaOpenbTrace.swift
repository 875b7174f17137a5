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
        var records = DelimitedText(text, separator: ",").records[...]
        guard let first = records.popFirst() else {
            throw TraceError(file: file, message: "the trace is empty: expected a header starting 'name,cpu_milli,memory_mib,num_gpu,gpu_milli'")
        }
        let header = try CSVHeader(first, file: file, required: required)
        let column = { (name: String) in header.position(name)! }
        let qos = header.position("qos")
        let cpuColumn = header.position("cpu_milli")
        let memoryColumn = header.position("memory_mib")
        var trace = ImportedTrace()
        for record in records {
            do throws(TraceError) {
                let row = FieldReader(file: file, record: record)
                guard record.fields.count == header.names.count else {
                    throw row.error("expected \(header.names.count) fields, found \(record.fields.count)")
                }
                let gpus = try row.integer(column("num_gpu"), "num_gpu", in: 0...maxTraceGPUs)
                let milli = try row.integer(column("gpu_milli"), "gpu_milli", in: 0...1000)
                guard gpus > 0 else { trace.skip("no GPU (num_gpu = 0)"); continue }
                guard milli > 0 else { throw row.error("field 'gpu_milli': expected 1 to 1000 for a pod with num_gpu = \(gpus), found 0") }
                guard milli == 1000 || gpus == 1 else {
                    throw row.error("field 'gpu_milli': a GPU share (\(milli) < 1000) needs num_gpu = 1, found \(gpus)")
                }
                let cpu = try cpuColumn.map { position throws(TraceError) in try row.integer(position, "cpu_milli", in: 0...maxHostMilli) } ?? 0
                let memory = try memoryColumn.map { position throws(TraceError) in try row.integer(position, "memory_mib", in: 0...maxHostMilli) } ?? 0
                let scheduledText = try row.text(column("scheduled_time"), "scheduled_time")
                let deletionText = try row.text(column("deletion_time"), "deletion_time")
                guard !scheduledText.isEmpty, !deletionText.isEmpty else { trace.skip("never scheduled"); continue }
                let creation = try row.number(column("creation_time"), "creation_time")
                let scheduled = try row.number(column("scheduled_time"), "scheduled_time")
                let deletion = try row.number(column("deletion_time"), "deletion_time")
                let tenant = try qos.map { position throws(TraceError) in try row.text(position, "qos") }.flatMap { $0.isEmpty ? nil : $0 }
                trace.append(
                    JobSpec(
                        id: try row.text(column("name"), "name"), tenant: tenant ?? "default", gpus: gpus,
                        submit: .seconds(creation), duration: .traceDuration(seconds: deletion - scheduled), gpuMilli: milli,
                        cpuMilli: cpu, memoryMiB: memory),
                    file: file, line: record.line)
            } catch {
                try trace.badRow(error, skip: skipBadRows)
            }
        }
        return trace
    }
}

/// The largest host CPU (milli-cores) or memory (MiB) a trace row may give: far beyond
/// any node, small enough that sums cannot overflow.
let maxHostMilli = 1_000_000_000
