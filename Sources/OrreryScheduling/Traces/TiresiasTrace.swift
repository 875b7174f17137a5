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
        var records = DelimitedText(text, separator: ",").records[...]
        guard let first = records.popFirst() else {
            throw TraceError(file: file, message: "the trace is empty: expected a header 'job_id,num_gpu,submit_time,iterations,model_name,duration,interval'")
        }
        let header = try CSVHeader(first, file: file, required: required)
        let (id, gpus, submit, duration) = (
            header.position("job_id")!, header.position("num_gpu")!, header.position("submit_time")!, header.position("duration")!)
        var trace = ImportedTrace()
        for record in records {
            do throws(TraceError) {
                let row = FieldReader(file: file, record: record)
                guard record.fields.count == header.names.count else {
                    throw row.error("expected \(header.names.count) fields, found \(record.fields.count)")
                }
                let seconds = try row.number(duration, "duration")
                guard seconds > 0 else { throw row.error("field 'duration': expected seconds > 0, found '\(try row.text(duration, "duration"))'") }
                trace.append(
                    JobSpec(
                        id: try row.text(id, "job_id"), gpus: try row.integer(gpus, "num_gpu", in: 1...maxTraceGPUs),
                        submit: .seconds(try row.number(submit, "submit_time")), duration: .seconds(seconds)),
                    file: file, line: record.line)
            } catch {
                try trace.badRow(error, skip: skipBadRows)
            }
        }
        return trace
    }
}
