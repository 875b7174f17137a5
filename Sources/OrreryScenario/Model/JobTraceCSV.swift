import Foundation
import OrreryKernel
import OrreryScheduling

/// Reads rigid-job traces in CSV: a header line naming the columns, then one job per line.
///
/// Columns (any order; names are case-insensitive, `-` and `_` alike):
/// `gpus` (required), `duration` (required), `submit` (default 0), `id` (default
/// `<workload>-<row>`), `tenant` (default `default`), `gpu_type` (optional), `priority`
/// (an integer class, higher first; default 0), `user` (optional, for user quotas),
/// `gpu_milli` (milli-GPUs held on each GPU, 1–1000, default 1000; below 1000 only with
/// one GPU: the job shares it), `cpu_milli` and `memory_mib` (host demand, default 0),
/// `min_gpus` and `max_gpus` (an elastic job's size range, around `gpus`; empty: rigid),
/// `serial_fraction` (an elastic job's own Amdahl serial fraction, 0–1; empty: the
/// policy's).
/// Times are durations with a unit (`90s`, `2h`) or bare numbers of seconds, since
/// exported traces usually carry plain seconds. Fields may be double-quoted (RFC 4180).
public enum JobTraceCSV {
    struct ReadError: Error { var message: String }

    static let columns = ["id", "tenant", "user", "gpus", "submit", "duration", "gpu_type", "priority", "gpu_milli", "cpu_milli", "memory_mib",
        "min_gpus", "max_gpus", "serial_fraction",
    ]

    static func read(path: String) throws(ReadError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw ReadError(message: "no such file") }
        guard !isDirectory.boolValue else { throw ReadError(message: "it is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else { throw ReadError(message: "it is not readable") }
        guard let text = String(data: data, encoding: .utf8) else { throw ReadError(message: "it is not UTF-8 text") }
        return text
    }

    /// With `skipBadRows`, malformed rows are left out and counted in `skipped` (with the
    /// first one's error) instead of failing; a bad header still fails.
    static func parse(
        _ text: String, file: String, idPrefix: String, skipBadRows: Bool = false, skipped: inout [ScenarioError]
    ) throws(ScenarioError) -> ([JobSpec], [JobOrigin]) {
        // Split on bytes, not Characters: traces run to millions of lines.
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
            .map { (number: $0.offset + 1, text: Substring($0.element).trimmingSpaces) }
            .filter { !$0.text.isEmpty && !$0.text.hasPrefix("#") }
        guard !lines.isEmpty else {
            throw ScenarioError(file: file, message: "the trace is empty: expected a header line like 'id,submit,duration,gpus,tenant'")
        }
        let header = lines.removeFirst()
        let names = try fields(header.text, file: file, line: header.number).map {
            $0.trimmingSpaces.lowercased().replacingOccurrences(of: "-", with: "_")
        }
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() {
            guard columns.contains(name) else {
                throw ScenarioError(
                    file: file, location: SourceLocation(file: file, line: header.number, column: 1),
                    message: "unknown column '\(name)' (expected some of: \(columns.joined(separator: ", ")))",
                    suggestion: Suggestion.closest(to: name, among: columns))
            }
            guard index[name] == nil else {
                throw ScenarioError(file: file, location: SourceLocation(file: file, line: header.number, column: 1), message: "column '\(name)' appears twice")
            }
            index[name] = position
        }
        for required in ["gpus", "duration"] where index[required] == nil {
            throw ScenarioError(file: file, location: SourceLocation(file: file, line: header.number, column: 1), message: "missing required column '\(required)'")
        }
        var jobs: [JobSpec] = []
        var origins: [JobOrigin] = []
        for line in lines {
            do throws(ScenarioError) {
                let values = try fields(line.text, file: file, line: line.number)
                let origin = JobOrigin(file: file, location: SourceLocation(file: file, line: line.number, column: 1), keyPath: "")
                guard values.count == names.count else {
                    throw origin.error("expected \(names.count) fields (\(names.joined(separator: ","))), found \(values.count)")
                }
                func value(_ column: String) -> String? {
                    index[column].map { values[$0].trimmingSpaces }.flatMap { $0.isEmpty ? nil : $0 }
                }
                func time(_ column: String) throws(ScenarioError) -> SimTime? {
                    guard let text = value(column) else { return nil }
                    if let seconds = Double(text) {
                        guard seconds.isFinite, seconds >= 0, seconds < 9.2e9 else {
                            throw origin.error("column '\(column)': expected seconds ≥ 0, found '\(text)'")
                        }
                        return .seconds(seconds)
                    }
                    do { return try Quantity.parseDuration(text) } catch { throw origin.error("column '\(column)': \(error)") }
                }
                guard let gpuText = value("gpus"), let gpus = Int(gpuText), (1...Scenario.maxGPUsPerJob).contains(gpus) else {
                    throw origin.error("column 'gpus': expected a whole number of GPUs from 1 to \(Scenario.maxGPUsPerJob), found '\(value("gpus") ?? "")'")
                }
                guard let duration = try time("duration"), duration > .zero else {
                    throw origin.error("column 'duration': expected a duration > 0, found '\(value("duration") ?? "")'")
                }
                var priority = 0
                if let text = value("priority") {
                    guard let parsed = Int(text) else { throw origin.error("column 'priority': expected an integer, found '\(text)'") }
                    priority = parsed
                }
                func count(_ column: String, in range: ClosedRange<Int>, default fallback: Int) throws(ScenarioError) -> Int {
                    guard let text = value(column) else { return fallback }
                    guard let parsed = Int(text), range.contains(parsed) else {
                        throw origin.error("column '\(column)': expected a whole number from \(range.lowerBound) to \(range.upperBound), found '\(text)'")
                    }
                    return parsed
                }
                let gpuMilli = try count("gpu_milli", in: 1...ResourceRequest.wholeGPU, default: ResourceRequest.wholeGPU)
                guard gpuMilli == ResourceRequest.wholeGPU || gpus == 1 else {
                    throw origin.error("column 'gpu_milli': a GPU share (\(gpuMilli) < 1000) needs gpus = 1, found \(gpus)")
                }
                func size(_ column: String) throws(ScenarioError) -> Int? {
                    guard value(column) != nil else { return nil }
                    return try count(column, in: 1...Scenario.maxGPUsPerJob, default: gpus)
                }
                let minGPUs = try size("min_gpus"), maxGPUs = try size("max_gpus")
                if let minGPUs, minGPUs > gpus { throw origin.error("column 'min_gpus': expected at most gpus (\(gpus)), found \(minGPUs)") }
                if let maxGPUs, maxGPUs < gpus { throw origin.error("column 'max_gpus': expected at least gpus (\(gpus)), found \(maxGPUs)") }
                if gpuMilli < ResourceRequest.wholeGPU, minGPUs != nil || maxGPUs != nil {
                    throw origin.error("an elastic job (min_gpus/max_gpus) holds whole GPUs, found gpu_milli \(gpuMilli)")
                }
                var serialFraction: Double?
                if let text = value("serial_fraction") {
                    guard let parsed = Double(text), (0...1).contains(parsed) else {
                        throw origin.error("column 'serial_fraction': expected a number from 0 to 1, like 0.05, found '\(text)'")
                    }
                    serialFraction = parsed
                }
                jobs.append(
                    JobSpec(
                        id: value("id") ?? "\(idPrefix)-\(jobs.count)", tenant: value("tenant") ?? "default",
                        gpus: gpus, submit: try time("submit") ?? .zero, duration: duration, gpuType: value("gpu_type"),
                        priority: priority, user: value("user") ?? "", gpuMilli: gpuMilli,
                        cpuMilli: try count("cpu_milli", in: 0...1_000_000_000, default: 0),
                        memoryMiB: try count("memory_mib", in: 0...1_000_000_000, default: 0), minGPUs: minGPUs, maxGPUs: maxGPUs,
                        serialFraction: serialFraction))
                origins.append(origin)
            } catch {
                guard skipBadRows else { throw error }
                skipped.append(error)
            }
        }
        return (jobs, origins)
    }

    /// Splits one CSV line into fields, honouring double quotes (`""` is a literal quote).
    static func fields(_ line: String, file: String, line number: Int) throws(ScenarioError) -> [String] {
        if !line.utf8.contains(UInt8(ascii: "\"")) {
            return line.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { String(Substring($0)) }
        }
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            if quoted {
                if character == "\"" {
                    // Look ahead: a doubled quote is a literal one.
                    var lookahead = iterator
                    if lookahead.next() == "\"" { current.append("\""); iterator = lookahead } else { quoted = false }
                } else {
                    current.append(character)
                }
            } else if character == "\"" && current.isEmpty {
                quoted = true
            } else if character == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        guard !quoted else {
            throw ScenarioError(file: file, location: SourceLocation(file: file, line: number, column: line.count), message: "unterminated quoted field")
        }
        fields.append(current)
        return fields
    }
}

extension JobTraceCSV {
    /// `jobs` as Orrery CSV (the columns above; times in plain seconds, so any reader
    /// of numbers can use it), readable back by ``parse(_:file:idPrefix:skipBadRows:skipped:)``.
    /// GPU shares and host demand add `gpu_milli,cpu_milli,memory_mib`, size ranges
    /// `min_gpus,max_gpus` and jobs' own scaling `serial_fraction`, each only when some job
    /// has them (whole-GPU rigid traces keep the shorter header).
    public static func write(_ jobs: [JobSpec]) -> String {
        let sharing = jobs.contains { $0.gpuMilli < ResourceRequest.wholeGPU || $0.cpuMilli > 0 || $0.memoryMiB > 0 }
        let elastic = jobs.contains { $0.minGPUs != nil || $0.maxGPUs != nil }
        let scaling = jobs.contains { $0.serialFraction != nil }
        var out = "id,tenant,user,gpus,submit,duration,gpu_type,priority" + (sharing ? ",gpu_milli,cpu_milli,memory_mib" : "")
            + (elastic ? ",min_gpus,max_gpus" : "") + (scaling ? ",serial_fraction\n" : "\n")
        out.reserveCapacity(jobs.count * 48)
        for job in jobs {
            var fields = [
                quoted(job.id), quoted(job.tenant), quoted(job.user), String(job.gpus), seconds(job.submit),
                seconds(job.duration), quoted(job.gpuType ?? ""), String(job.priority),
            ]
            if sharing { fields += [String(job.gpuMilli), String(job.cpuMilli), String(job.memoryMiB)] }
            if elastic { fields += [job.minGPUs.map(String.init) ?? "", job.maxGPUs.map(String.init) ?? ""] }
            if scaling { fields.append(job.serialFraction.map { "\($0)" } ?? "") }
            out += fields.joined(separator: ",")
            out += "\n"
        }
        return out
    }

    /// Exact seconds: whole numbers without a fraction, others to the nanosecond.
    private static func seconds(_ time: SimTime) -> String {
        let ns = time.nanoseconds
        guard ns % 1_000_000_000 != 0 else { return String(ns / 1_000_000_000) }
        var fraction = String(ns % 1_000_000_000)
        fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(ns / 1_000_000_000).\(fraction)"
    }

    /// RFC 4180 quoting when the text holds a comma, quote or line break, or would read
    /// as a comment or a blank.
    private static func quoted(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || text.hasPrefix("#") else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
