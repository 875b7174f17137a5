import OrreryKernel

/// Gavel's re-expression of the Microsoft Philly trace (`scheduler/traces/msr/`): one
/// file per virtual cluster, one job per line, seven tab-separated fields:
/// `job_type, command, num_steps_arg, needs_data_dir, total_steps, arrival_time_s,
/// scale_factor`.
///
/// Mapping: gpus = `scale_factor`; submit = `arrival_time_s` (seconds);
/// duration = `total_steps` ÷ the job type's V100 throughput (``GavelThroughputs``);
/// tenant = the file's name without its extension (the virtual cluster, e.g. `6214e9`);
/// id = `<prefix>-<n>` in file order; jobType = `job_type` (for the `gavel` run-time
/// model's per-type throughputs). `command` and the two flags are not used.
enum GavelPhillyTrace {
    static func parse(_ text: String, file: String, tenant: String, idPrefix: String, skipBadRows: Bool = false) throws(TraceError) -> ImportedTrace {
        var trace = ImportedTrace()
        for record in DelimitedText(text, separator: "\t").records {
            do throws(TraceError) {
                let row = FieldReader(file: file, record: record)
                guard record.fields.count == 7 else {
                    throw row.error("expected 7 tab-separated fields (job_type, command, num_steps_arg, needs_data_dir, total_steps, arrival_time_s, scale_factor), found \(record.fields.count)")
                }
                let jobType = try row.text(0, "job_type")
                guard let throughput = GavelThroughputs.v100StepsPerSecond[jobType] else {
                    throw row.error("unknown Gavel job type '\(jobType)' (known: \(GavelThroughputs.jobTypes.joined(separator: "; ")))")
                }
                let steps = try row.number(4, "total_steps", minimum: 1)
                let arrival = try row.number(5, "arrival_time_s")
                let gpus = try row.integer(6, "scale_factor", in: 1...maxTraceGPUs)
                trace.append(
                    JobSpec(
                        id: "\(idPrefix)-\(trace.jobs.count)", tenant: tenant, gpus: gpus,
                        submit: .seconds(arrival), duration: .traceDuration(seconds: steps / throughput), jobType: jobType),
                    file: file, line: record.line)
            } catch {
                try trace.badRow(error, skip: skipBadRows)
            }
        }
        return trace
    }
}
