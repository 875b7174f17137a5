import ArgumentParser
import Foundation
import OrreryKernel
import OrreryScheduling
import OrreryScenario

/// `orrery trace`: look at job traces before running them.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace", abstract: "Inspect job traces in the formats Orrery imports.", subcommands: [Inspect.self, Convert.self])

    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Summarise a trace: jobs, time span, GPU sizes, arrival rate, durations.",
            discussion: "Formats and how each maps to Orrery's jobs: docs/scheduling.md. Exits 2 on an unreadable or malformed trace.")

        @Argument(help: "The trace file (for gavel-philly, a directory of .trace files also works).", completion: .file())
        var file: String

        @Option(help: "The trace format: \(TraceFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: TraceFormat

        @Flag(help: "Skip malformed rows (counted, with a warning naming the first) instead of failing.")
        var skipBadRows = false

        func run() throws {
            let trace = try TraceCommand.load(file, format: format, skipBadRows: skipBadRows)
            print(TraceCommand.report(file: file, format: format, trace: trace))
        }
    }

    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert a trace into Orrery's job CSV.",
            discussion: """
                Writes id,tenant,user,gpus,submit,duration,gpu_type,priority (times in seconds), \
                the canonical job schema of docs/scheduling.md, readable by `trace: {format: csv}`. \
                Exits 2 on an unreadable or malformed trace.
                """)

        @Argument(help: "The trace file (for gavel-philly, a directory of .trace files also works).", completion: .file())
        var input: String

        @Option(help: "The input format: \(TraceFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: TraceFormat

        @Option(help: "The output format (only orrery-csv).")
        var to: String = "orrery-csv"

        @Argument(help: "The CSV file to write.", completion: .file())
        var output: String

        @Flag(help: "Skip malformed rows (counted, with a warning naming the first) instead of failing.")
        var skipBadRows = false

        func validate() throws {
            guard to == "orrery-csv" else { throw ValidationError("unknown output format '\(to)' (available: orrery-csv)") }
        }

        func run() throws {
            let trace = try TraceCommand.load(input, format: format, skipBadRows: skipBadRows)
            do { try JobTraceCSV.write(trace.jobs).write(toFile: output, atomically: true, encoding: .utf8) } catch {
                printError("\(output): cannot write: \(Self.reason(output, error))")
                throw ExitStatus.invalidInput
            }
            let skipped = trace.skipped.map { "\($0.count) \($0.reason)" }.joined(separator: ", ")
            print("\(output): \(trace.jobs.count) jobs" + (skipped.isEmpty ? "" : " (left out: \(skipped))"))
        }

        /// Why `path` could not be written, in words: Foundation's own text for the
        /// common cases is an error number ("NSCocoaErrorDomain error 512").
        private static func reason(_ path: String, _ error: any Error) -> String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                return "it is a directory; give a file path"
            }
            let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !FileManager.default.fileExists(atPath: parent) { return "the directory \(parent) does not exist" }
            return error.localizedDescription
        }
    }

    /// Imports a trace, printing the skipped-rows warning; a bad trace exits 2.
    static func load(_ file: String, format: TraceFormat, skipBadRows: Bool) throws -> ImportedTrace {
        do {
            let trace = try format.load(path: file, idPrefix: "job", skipBadRows: skipBadRows)
            if let warning = trace.badRowWarning {
                var stream = StandardError()
                print(warning, to: &stream)
            }
            return trace
        } catch {
            printError(error.description)
            throw ExitStatus.invalidInput
        }
    }

    /// The text `trace inspect` prints. Durations and spans use the simulator's own time
    /// format; the arrival rate is per hour over the span between first and last submit.
    static func report(file: String, format: TraceFormat, trace: ImportedTrace) -> String {
        var lines = ["\(file) (\(format.rawValue))"]
        let skipped = trace.skipped.map { "\($0.count) \($0.reason)" }.joined(separator: ", ")
        guard let summary = TraceSummary(trace.jobs) else {
            lines.append("  jobs        0" + (skipped.isEmpty ? "" : " (skipped: \(skipped))"))
            return lines.joined(separator: "\n")
        }
        lines.append("  jobs        \(summary.jobs)" + (skipped.isEmpty ? "" : " (skipped: \(skipped))"))
        lines.append("  tenants     \(summary.tenants)")
        lines.append("  submits     \(summary.firstSubmit) – \(summary.lastSubmit) (span \(summary.span))")
        lines.append("  arrivals    " + (summary.arrivalsPerHour.map { String(format: "%.3g jobs/h", $0) } ?? "all at one instant"))
        // Demand as GPUs kept busy over the submit span: the cluster size an offered load
        // of 1 means for this trace (docs/scheduling.md, "Synthetic workloads").
        let busy = summary.span > .zero ? String(format: " (%.4g GPUs over the submit span)", summary.gpuHours / summary.span.hours) : ""
        lines.append("  demand      " + String(format: "%.6g GPU-h", summary.gpuHours) + busy)
        let d = summary.duration
        lines.append(
            "  duration    mean \(seconds(d.mean)), p50 \(seconds(d.p50)), p95 \(seconds(d.p95)), p99 \(seconds(d.p99)), max \(seconds(d.max))")
        lines.append("  GPUs/job    jobs")
        let width = Swift.max(String(summary.gpuHistogram.last?.gpus ?? 0).count, summary.sharedJobs > 0 ? 2 : 0)
        func row(_ label: String, _ jobs: Int, _ note: String = "") {
            let share = Double(jobs) / Double(summary.jobs) * 100
            let pad = String(repeating: " ", count: width - label.count)
            lines.append("  \(pad)\(label)  \(jobs) (\(String(format: "%.1f", share))%)\(note)")
        }
        if let mean = summary.meanShare {
            row("<1", summary.sharedJobs, String(format: ", a share of one GPU, mean %.3g GPU", mean))
        }
        for bin in summary.gpuHistogram { row(String(bin.gpus), bin.jobs) }
        return lines.joined(separator: "\n")
    }

    private static func seconds(_ value: Double) -> String { "\(SimTime.seconds(value.rounded()))" }
}

extension TraceFormat: ExpressibleByArgument {}
