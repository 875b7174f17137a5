import OrreryKernel

/// Job logs of SenseTime's Helios (S-Lab-System-Group/HeliosData `cluster_log.csv`;
/// Hu et al., SC'21) and Shanghai AI Lab's Acme (InternLM/AcmeTrace
/// `trace_seren.csv`, `trace_kalos.csv`; Hu et al., NSDI'24): Slurm-style CSV with a
/// header naming at least `job_id, user, gpu_num, submit_time, start_time, end_time`
/// (Helios adds `vc`; both add `cpu_num, node_num, state, duration, queue`, Acme
/// `type`, `gpu_time` and, in Kalos, memory and failure columns). Times are calendar
/// timestamps, Acme's with a UTC offset.
///
/// Mapping: id = `job_id`; user = `user`; tenant = `vc` when the file has it (Helios'
/// virtual clusters), else `default`; gpus = `gpu_num`; submit = `submit_time`, in
/// seconds from the earliest submission in the file; duration = `end_time −
/// start_time` (the logs' own `duration`), at least 1 s. Every final state (COMPLETED,
/// CANCELLED, FAILED, TIMEOUT, NODE_FAIL) is kept: each held its GPUs. Left out, and
/// counted: CPU-only jobs (`gpu_num` 0) and jobs that never started (no start or end
/// time, e.g. cancelled while queued).
enum HeliosAcmeTrace {
    static let required = ["job_id", "user", "gpu_num", "submit_time", "start_time", "end_time"]

    static func parse(_ text: String, file: String, skipBadRows: Bool = false) throws(TraceError) -> ImportedTrace {
        var records = DelimitedText(text, separator: ",").records[...]
        guard let first = records.popFirst() else {
            throw TraceError(file: file, message: "the trace is empty: expected a header 'job_id,user,vc,gpu_num,cpu_num,node_num,state,submit_time,start_time,end_time,duration,queue'")
        }
        let header = try CSVHeader(first, file: file, required: required)
        let column = { (name: String) in header.position(name) ?? 0 }
        let vc = header.position("vc")
        var trace = ImportedTrace()
        for record in records {
            do throws(TraceError) {
                let row = FieldReader(file: file, record: record)
                guard record.fields.count == header.names.count else {
                    throw row.error("expected \(header.names.count) fields, found \(record.fields.count)")
                }
                let gpus = try row.integer(column("gpu_num"), "gpu_num", in: 0...maxTraceGPUs)
                guard gpus > 0 else { trace.skip("CPU job (gpu_num = 0)"); continue }
                let submit = try row.timestamp(column("submit_time"), "submit_time")
                guard !(try row.text(column("start_time"), "start_time")).isEmpty, !(try row.text(column("end_time"), "end_time")).isEmpty
                else { trace.skip("never started"); continue }
                let start = try row.timestamp(column("start_time"), "start_time")
                let end = try row.timestamp(column("end_time"), "end_time")
                guard end >= start else { throw row.error("field 'end_time': before 'start_time'") }
                let tenant = try vc.map { position throws(TraceError) in try row.text(position, "vc") }.flatMap { $0.isEmpty ? nil : $0 }
                trace.append(
                    JobSpec(
                        id: try row.text(column("job_id"), "job_id"), tenant: tenant ?? "default", gpus: gpus,
                        submit: .seconds(submit), duration: .traceDuration(seconds: end - start),
                        user: try row.text(column("user"), "user")),
                    file: file, line: record.line)
            } catch {
                try trace.badRow(error, skip: skipBadRows)
            }
        }
        trace.shiftToFirstSubmit()
        return trace
    }
}
