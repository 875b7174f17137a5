import OrreryKernel

/// The Tiresias simulator's job CSV (SymbioticLab/Tiresias): a header, then
/// `job_id,num_gpu,submit_time,iterations,model_name,duration,interval`.
///
/// Mapping: id = `job_id`; gpus = `num_gpu`; submit = `submit_time` (seconds);
/// duration = `duration` (seconds, > 0); tenant = `default`. `iterations`, `model_name`
/// and `interval` (the gap to the next arrival) are not needed for rigid jobs.
enum TiresiasTrace {
    static let required = ["job_id", "num_gpu", "submit_time", "duration"]

    static func parse(_ text: String, file: String, skipBadRows: Bool = false) throws(TraceError) -> ImportedTrace {
        let expected = "job_id,num_gpu,submit_time,iterations,model_name,duration,interval"
        return try CSVHeader.rows(of: text, file: file, required: required, expected: expected, skipBadRows: skipBadRows) {
            row, header, trace throws(TraceError) in
            let duration = header.column("duration")
            let seconds = try row.number(duration, "duration")
            guard seconds > 0 else { throw row.error("field 'duration': expected seconds > 0, found '\(try row.text(duration, "duration"))'") }
            trace.append(
                JobSpec(
                    id: try row.text(header.column("job_id"), "job_id"),
                    gpus: try row.integer(header.column("num_gpu"), "num_gpu", in: 1...maxTraceGPUs),
                    submit: .seconds(try row.number(header.column("submit_time"), "submit_time")), duration: .seconds(seconds)),
                file: file, line: row.record.line)
        }
    }
}
