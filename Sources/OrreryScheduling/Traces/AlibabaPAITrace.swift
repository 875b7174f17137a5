import Foundation
import OrreryKernel

/// Alibaba PAI's GPU cluster trace 2020 (alibaba/clusterdata `cluster-trace-gpu-v2020`;
/// Weng et al., "MLaaS in the Wild", NSDI'22): two CSV tables joined by `job_name`,
/// `pai_job_table.csv` (`job_name, inst_id, user, status, start_time, end_time`) and
/// `pai_task_table.csv` (`job_name, task_name, inst_num, status, start_time, end_time,
/// plan_cpu, plan_mem, plan_gpu, gpu_type`). The published files have no header (it is
/// shipped apart, in `*.header`); a first line naming the columns is accepted and
/// skipped. Times are seconds (shifted by a constant by Alibaba).
///
/// Mapping: id = `job_name`; user = `user`; tenant `default` (PAI has no virtual
/// clusters); submit = the job's `start_time` (its submission), in seconds from the
/// earliest one; gpus = Σ over the job's tasks of `inst_num × plan_gpu / 100`
/// (`plan_gpu` is percent of one GPU per instance); duration = the latest task end −
/// the earliest task start, at least 1 s. Left out, and counted: jobs without GPUs,
/// jobs with a fractional GPU per instance (`plan_gpu` not a multiple of 100: whole
/// GPUs only, as for openb), jobs with no task or an unfinished task (status
/// `Running`/`Waiting`, or no end time). `gpu_type` (V100, P100, T4, MISC…) is not
/// kept: the catalogue has no such GPUs, so a restriction would reject the job.
enum AlibabaPAITrace {
    static let jobColumns = ["job_name", "inst_id", "user", "status", "start_time", "end_time"]
    static let taskColumns = [
        "job_name", "task_name", "inst_num", "status", "start_time", "end_time", "plan_cpu", "plan_mem", "plan_gpu", "gpu_type",
    ]
    static let jobFile = "pai_job_table.csv"
    static let taskFile = "pai_task_table.csv"

    /// `path` is a directory holding both tables, or the job table with the task table
    /// beside it.
    static func load(path: String, isDirectory: Bool, skipBadRows: Bool) throws(TraceError) -> ImportedTrace {
        let directory = isDirectory ? URL(fileURLWithPath: path) : URL(fileURLWithPath: path).deletingLastPathComponent()
        let jobs = isDirectory ? directory.appendingPathComponent(jobFile).path : path
        let tasks = directory.appendingPathComponent(taskFile).path
        guard FileManager.default.fileExists(atPath: tasks) else {
            throw TraceError(file: path, message: "the task table \(taskFile) must be beside the job table (looked for \(tasks))")
        }
        return try parse(
            jobs: try TraceFormat.read(jobs), jobFile: jobs, tasks: try TraceFormat.read(tasks), taskFile: tasks, skipBadRows: skipBadRows)
    }

    /// A task's contribution to its job.
    struct Task {
        var gpus = 0.0
        var start = Double.infinity
        var end = -Double.infinity
        var fractional = false
        var unfinished = false
        var count = 0
    }

    static func parse(jobs jobText: String, jobFile: String, tasks taskText: String, taskFile: String, skipBadRows: Bool = false)
        throws(TraceError) -> ImportedTrace
    {
        var trace = ImportedTrace()
        var tasks: [String: Task] = [:]
        for record in rows(taskText, columns: taskColumns) {
            do throws(TraceError) {
                let row = try fields(record, file: taskFile, columns: taskColumns)
                let job = try row.text(0, "job_name")
                var task = tasks[job] ?? Task()
                task.count += 1
                let instances = try row.number(2, "inst_num")
                // CPU-only tasks may leave plan_gpu empty.
                let percent = try row.text(8, "plan_gpu").isEmpty ? 0 : try row.number(8, "plan_gpu")
                if percent.truncatingRemainder(dividingBy: 100) != 0 { task.fractional = true }
                task.gpus += instances.rounded() * (percent / 100)
                let status = try row.text(3, "status")
                let start = try row.text(4, "start_time"), end = try row.text(5, "end_time")
                if status == "Running" || status == "Waiting" || start.isEmpty || end.isEmpty {
                    task.unfinished = true
                } else {
                    task.start = Swift.min(task.start, try row.number(4, "start_time"))
                    task.end = Swift.max(task.end, try row.number(5, "end_time"))
                }
                tasks[job] = task
            } catch {
                try trace.badRow(error, skip: skipBadRows)
            }
        }
        for record in rows(jobText, columns: jobColumns) {
            do throws(TraceError) {
                let row = try fields(record, file: jobFile, columns: jobColumns)
                let name = try row.text(0, "job_name")
                let submit = try row.number(4, "start_time")
                guard let task = tasks[name] else { trace.skip("no task in the task table"); continue }
                guard !task.unfinished else { trace.skip("unfinished (a task is running, waiting or has no times)"); continue }
                guard !task.fractional else { trace.skip("fractional GPU (plan_gpu not a multiple of 100)"); continue }
                guard task.gpus > 0 else { trace.skip("no GPU (plan_gpu = 0)"); continue }
                guard task.gpus <= Double(maxTraceGPUs) else { throw row.error("more than \(maxTraceGPUs) GPUs over its tasks") }
                guard task.end >= task.start else { throw row.error("its tasks end before they start") }
                trace.append(
                    JobSpec(
                        id: name, gpus: Int(task.gpus), submit: .seconds(submit), duration: .traceDuration(seconds: task.end - task.start),
                        user: try row.text(2, "user")),
                    file: jobFile, line: record.line)
            } catch {
                try trace.badRow(error, skip: skipBadRows)
            }
        }
        trace.shiftToFirstSubmit()
        return trace
    }

    /// The records of a table, without its header line if it has one.
    private static func rows(_ text: String, columns: [String]) -> ArraySlice<DelimitedText.Record> {
        var records = DelimitedText(text, separator: ",").records[...]
        if let first = records.first, first.fields.map({ $0.trimmingBlanks().lowercased() }) == columns { records.removeFirst() }
        return records
    }

    private static func fields(_ record: DelimitedText.Record, file: String, columns: [String]) throws(TraceError) -> FieldReader {
        let row = FieldReader(file: file, record: record)
        guard record.fields.count == columns.count else {
            throw row.error("expected \(columns.count) fields (\(columns.joined(separator: ","))), found \(record.fields.count)")
        }
        return row
    }
}
