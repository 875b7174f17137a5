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
        let expected = "job_id,user,vc,gpu_num,cpu_num,node_num,state,submit_time,start_time,end_time,duration,queue"
        var trace = try CSVHeader.rows(of: text, file: file, required: required, expected: expected, skipBadRows: skipBadRows) {
            row, header, trace throws(TraceError) in
            let column = header.column
            let gpus = try row.integer(column("gpu_num"), "gpu_num", in: 0...maxTraceGPUs)
            guard gpus > 0 else { return trace.skip("CPU job (gpu_num = 0)") }
            let submit = try row.timestamp(column("submit_time"), "submit_time")
            guard !(try row.text(column("start_time"), "start_time")).isEmpty, !(try row.text(column("end_time"), "end_time")).isEmpty
            else { return trace.skip("never started") }
            let start = try row.timestamp(column("start_time"), "start_time")
            let end = try row.timestamp(column("end_time"), "end_time")
            guard end >= start else { throw row.error("field 'end_time': before 'start_time'") }
            let tenant = try header.position("vc").map { position throws(TraceError) in try row.text(position, "vc") }
            trace.append(
                JobSpec(
                    id: try row.text(column("job_id"), "job_id"), tenant: tenant.flatMap { $0.isEmpty ? nil : $0 } ?? "default",
                    gpus: gpus, submit: .seconds(submit), duration: .traceDuration(seconds: end - start),
                    user: try row.text(column("user"), "user")),
                file: file, line: row.record.line)
        }
        trace.shiftToFirstSubmit()
        return trace
    }
}
