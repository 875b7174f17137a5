import Foundation
import Testing
import OrreryKernel
@testable import OrreryScheduling

/// Every importer on seeded mutations of its fixture: a field replaced by a value at or
/// past a limit (negative, zero, 2⁶⁴, NaN, infinity, empty, text), a field deleted or
/// added, a row duplicated, cut or garbled. Each mutated trace is either rejected with
/// an error that names the file (and a line in it), or imported into jobs the model can
/// take, and then simulated to the end under a queue policy and a round-based one. A trap
/// anywhere fails the run (the summary `orrery trace inspect` prints is made too); with
/// `--skip-bad-rows`, a malformed row never fails the import, only a bad header may.
@Suite struct TraceMutationTests {
    private static let edgeValues = [
        "-1", "0", "1e308", "nan", "inf", "-inf", "18446744073709551616", "9223372036854775807", "", "abc", "-0", "1.5",
        "4294967297", "0.0000001", "1e-320", "\"", "é", "0x10", "+5", "2.", ".5", "null", "[]", "{}",
    ]

    /// The importers whose input is one text file, with the fixture each is tested on.
    private static let cases: [(format: TraceFormat, file: String, text: String)] = [
        (.gavelPhilly, "11cb48.trace", GavelPhillyImportTests.fixture),
        (.alibabaOpenb, "pods.csv", AlibabaOpenbImportTests.fixture),
        (.pollux, "workload-1.csv", PolluxImportTests.fixture),
        (.tiresias, "t.csv", TiresiasImportTests.fixture),
        (.phillyJobLog, "cluster_job_log.json", Self.read("philly-cluster_job_log.json")),
        (.helios, "cluster_log.csv", Self.read("helios-cluster_log.csv")),
        (.acme, "trace_kalos.csv", Self.read("acme-trace_kalos.csv")),
    ]

    private static func read(_ fixture: String) -> String {
        (try? String(contentsOfFile: traceFixture(fixture), encoding: .utf8)) ?? ""
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func mutatedTracesAreRejectedByLineOrRun(seed: UInt64) throws {
        let random = RandomStreams(masterSeed: seed).stream("trace-mutations")
        var imported = 0, rejected = 0
        for (format, file, fixture) in Self.cases {
            try #require(!fixture.isEmpty, "fixture of \(format) not found")
            for _ in 0..<100 {
                var lines = fixture.components(separatedBy: "\n")
                for _ in 0...Self.pick(3, random) { Self.mutate(&lines, random) }
                let text = lines.joined(separator: "\n")
                let lineCount = lines.count
                do {
                    let trace = try format.parse(text, file: file, idPrefix: "m")
                    imported += 1
                    Self.checkJobs(trace, lineCount: lineCount, format: format, text: text)
                    if let summary = TraceSummary(trace.jobs) {
                        #expect(summary.arrivalsPerHour.map(\.isFinite) != false, "\(format): \(summary)")
                    }
                    Self.simulate(trace.jobs)
                } catch {
                    rejected += 1
                    #expect(error.file == file, "\(format): \(error) for \(text.debugDescription)")
                    if let line = error.line { #expect((1...lineCount).contains(line), "\(format): \(error)") }
                }
                // Skipping malformed rows: only the header (or, for JSON, the document)
                // may still fail, and every skipped row is named by its line.
                do {
                    let trace = try format.parse(text, file: file, idPrefix: "m", skipBadRows: true)
                    for bad in trace.badRows {
                        #expect(bad.file == file && bad.line.map { (1...lineCount).contains($0) } == true, "\(format): \(bad)")
                    }
                    Self.checkJobs(trace, lineCount: lineCount, format: format, text: text)
                } catch {
                    let header = (lines.firstIndex { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? 0) + 1
                    #expect(format == .phillyJobLog || error.line == nil || error.line == header, "\(format) skipping bad rows: \(error)")
                }
            }
        }
        // The mutations reach both outcomes (a generator that broke every row, or none,
        // would test little).
        #expect(imported > 50 && rejected > 50, "imported \(imported), rejected \(rejected)")
    }

    /// What the model relies on of an imported job, and where it came from.
    private static func checkJobs(_ trace: ImportedTrace, lineCount: Int, format: TraceFormat, text: String) {
        #expect(trace.locations.count == trace.jobs.count, "\(format)")
        for (job, location) in zip(trace.jobs, trace.locations) {
            let sane = job.gpus >= 0 && job.submit >= .zero && job.duration >= .zero && (0...ResourceRequest.wholeGPU).contains(job.gpuMilli)
                && job.cpuMilli >= 0 && job.memoryMiB >= 0
            #expect(sane, "\(format): \(job) from \(text.debugDescription)")
            #expect((1...lineCount).contains(location.line), "\(format): job \(job.id) at line \(location.line)")
        }
    }

    /// Runs the jobs to the end on two 8-GPU nodes, first come first served and in
    /// Gavel's rounds, 30 days long so that a mutated duration of centuries is a few thousand
    /// rounds (jobs no node can hold are rejected on arrival).
    private static func simulate(_ jobs: [JobSpec]) {
        for policy in [FIFOScheduler(), HeterogeneityAwareRoundScheduler(roundLength: .seconds(30 * 86_400))] as [any SchedulingPolicy] {
            let simulation = Simulation(seed: 1)
            let model = RigidJobsModel(simulation: simulation, cluster: policyCluster(2), jobs: jobs, policy: policy)
            simulation.run()
            #expect(model.outcomes.count == jobs.count)
        }
    }

    /// A whole number below `bound`, from the test's own stream (GSL's, seeded: a failure
    /// reproduces from its seed).
    private static func pick(_ bound: Int, _ random: RandomStream) -> Int { Int(random.uniformInt(below: UInt32(bound))) }

    private static func mutate(_ lines: inout [String], _ random: RandomStream) {
        guard !lines.isEmpty else { return }
        let row = pick(lines.count, random)
        let line = lines[row]
        let separator = line.contains("\t") ? "\t" : ","
        var fields = line.components(separatedBy: separator)
        switch pick(8, random) {
        case 0, 1, 2:
            fields[pick(fields.count, random)] = edgeValues[pick(edgeValues.count, random)]
            lines[row] = fields.joined(separator: separator)
        case 3:
            if fields.count > 1 { fields.remove(at: pick(fields.count, random)) }
            lines[row] = fields.joined(separator: separator)
        case 4: lines.insert(line, at: row)
        case 5: lines[row] = String(line.prefix(pick(line.count + 1, random)))
        case 6: lines.insert(["", "\u{0}\u{1}", "#", ",,,,", "\t\t\t", "{", "]"][pick(7, random)], at: row)
        default:
            fields.append(edgeValues[pick(edgeValues.count, random)])
            lines[row] = fields.joined(separator: separator)
        }
    }
}
