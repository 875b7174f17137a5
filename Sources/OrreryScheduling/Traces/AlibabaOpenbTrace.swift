import OrreryKernel

/// Alibaba's GPU cluster trace 2023 (`openb_pod_list_*.csv`, cluster-trace-gpu-v2023):
/// a header, then one pod per line with at least `name, num_gpu, gpu_milli,
/// creation_time, deletion_time, scheduled_time` (times in seconds); `qos` is optional.
///
/// Mapping: id = `name`; gpus = `num_gpu`; submit = `creation_time`; duration =
/// `deletion_time − scheduled_time` (at least 1 s); tenant = `qos` (`LS`, `BE`, …) or
/// `default`. Rows left out, counted in ``ImportedTrace/skipped``: pods without GPUs,
/// pods sharing a GPU (`gpu_milli` < 1000: the model has whole GPUs only, so fractional
/// pods are skipped rather than rounded up, which would overstate their demand), and
/// pods never scheduled (empty `scheduled_time` or `deletion_time`). The `multigpu50`
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
                guard milli == 1000 else { trace.skip("fractional GPU (gpu_milli < 1000)"); continue }
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
                        submit: .seconds(creation), duration: .traceDuration(seconds: deletion - scheduled)),
                    file: file, line: record.line)
            } catch {
                try trace.badRow(error, skip: skipBadRows)
            }
        }
        return trace
    }
}
