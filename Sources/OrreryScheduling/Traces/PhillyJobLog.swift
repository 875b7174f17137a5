import OrreryKernel

/// Microsoft Philly's `cluster_job_log` (msr-fiddle/philly-traces; Jeon et al., ATC'19):
/// a JSON array of jobs, each `{"status", "vc", "jobid", "user", "submitted_time",
/// "attempts": [{"start_time", "end_time", "detail": [{"ip", "gpus": [...]}]}]}`, times
/// as `YYYY-MM-DD HH:MM:SS` (`None` or null when unknown).
///
/// Mapping: id = `jobid`; tenant = `vc`; user = `user`; submit = `submitted_time`,
/// in seconds from the earliest submission in the file; gpus = the GPUs listed in the
/// first attempt's `detail` (summed over its machines: the gang); duration = the sum of
/// the attempts' run times (end − start), the time the job held GPUs (gaps between
/// retries are waiting, not work), at least 1 s. Every final status (`Pass`, `Killed`,
/// `Failed`) is kept: all of them occupied GPUs. Left out, and counted: jobs that never
/// started an attempt, jobs with an attempt that has no end (still running when the log
/// was cut), and jobs whose attempts list no GPU.
enum PhillyJobLog {
    static func parse(_ text: String, file: String, skipBadRows: Bool = false) throws(TraceError) -> ImportedTrace {
        guard case .array(let entries, _) = try TraceJSON.parse(text, file: file) else {
            throw TraceError(file: file, line: 1, message: "expected a JSON array of jobs (Philly's cluster_job_log)")
        }
        var trace = ImportedTrace()
        for entry in entries {
            do throws(TraceError) {
                let job = Entry(value: entry, file: file)
                guard case .object = entry else { throw job.error("expected a job object, found \(entry.kind)") }
                let id = try job.string("jobid")
                let submitted = try job.time("submitted_time")
                guard case .array(let attempts, _)? = entry["attempts"] else { throw job.error("'attempts': expected an array") }
                var held = 0.0
                var gpus = 0
                var started = false
                var unfinished = false
                for attempt in attempts {
                    let run = Entry(value: attempt, file: file)
                    guard let start = try run.optionalTime("start_time") else { continue }
                    started = true
                    guard let end = try run.optionalTime("end_time") else { unfinished = true; continue }
                    guard end >= start else { throw run.error("'end_time' is before 'start_time'") }
                    held += end - start
                    if gpus == 0 { gpus = try run.gpuCount() }
                }
                guard started else { trace.skip("never started"); continue }
                guard !unfinished else { trace.skip("unfinished (an attempt has no end_time)"); continue }
                guard gpus > 0 else { trace.skip("no GPU in the attempts' detail"); continue }
                guard gpus <= maxTraceGPUs else { throw job.error("more than \(maxTraceGPUs) GPUs") }
                trace.append(
                    JobSpec(
                        id: id, tenant: try job.optionalString("vc") ?? "default", gpus: gpus, submit: .seconds(submitted),
                        duration: .traceDuration(seconds: held), user: try job.optionalString("user") ?? ""),
                    file: file, line: entry.line)
            } catch {
                try trace.badRow(error, skip: skipBadRows)
            }
        }
        trace.shiftToFirstSubmit()
        return trace
    }

    /// Typed access to one JSON object, with errors at its line.
    private struct Entry {
        let value: TraceJSON
        let file: String

        func error(_ message: String) -> TraceError { TraceError(file: file, line: value.line, message: message) }

        func string(_ key: String) throws(TraceError) -> String {
            guard let text = try optionalString(key) else { throw error("missing '\(key)'") }
            return text
        }

        func optionalString(_ key: String) throws(TraceError) -> String? {
            switch value[key] {
            case .string(let text, _)?: return text.isEmpty ? nil : text
            case .number(let text, _)?: return text
            case nil, .null?: return nil
            case let other?: throw TraceError(file: file, line: other.line, message: "'\(key)': expected a string, found \(other.kind)")
            }
        }

        func time(_ key: String) throws(TraceError) -> Double {
            guard let seconds = try optionalTime(key) else { throw error("missing '\(key)'") }
            return seconds
        }

        /// A `YYYY-MM-DD HH:MM:SS` time in epoch seconds; nil when absent, null or `None`.
        func optionalTime(_ key: String) throws(TraceError) -> Double? {
            guard let text = try optionalString(key), text != "None" else { return nil }
            guard let seconds = TraceTimestamp.seconds(text) else {
                throw TraceError(file: file, line: value[key]?.line ?? value.line, message: "'\(key)': expected a time such as 2017-10-03 05:44:34, found '\(text)'")
            }
            return seconds
        }

        /// GPUs over the machines of an attempt's `detail`.
        func gpuCount() throws(TraceError) -> Int {
            guard case .array(let machines, _)? = value["detail"] else { return 0 }
            var count = 0
            for machine in machines {
                guard case .array(let gpus, _)? = machine["gpus"] else {
                    throw TraceError(file: file, line: machine.line, message: "'detail': expected machines with a 'gpus' array")
                }
                count += gpus.count
            }
            return count
        }
    }
}

extension ImportedTrace {
    /// Moves every submit time so that the first is zero: logs with calendar times start
    /// decades after the epoch, and a run starts at time zero.
    mutating func shiftToFirstSubmit() {
        guard let first = jobs.map(\.submit).min() else { return }
        for index in jobs.indices { jobs[index].submit = jobs[index].submit - first }
    }
}
