import Foundation
import Testing

/// Made-up rows in the Tiresias format (its own trace has no licence).
private let tiresias = """
    job_id,num_gpu,submit_time,iterations,model_name,duration,interval
    1,2,0,1000,resnet50,3600,60
    2,8,60,500,vgg16,7200,30
    3,1,3600,20,alexnet,60,0

    """

@Suite(.serialized) struct TraceCommandTests {
    /// 3 jobs submitted over 1 h: 3 jobs/h; durations 60 s, 1 h, 2 h (p50 1 h); 2 × 1 h +
    /// 8 × 2 h + 1 × 1 min of GPU-time over that hour.
    @Test func inspectSummarisesATrace() throws {
        let dir = try scratch(["t.csv": tiresias])
        let r = try OrreryProcess.run(["trace", "inspect", "t.csv", "--format", "tiresias"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("t.csv (tiresias)"))
        #expect(r.stdout.contains("jobs        3\n"))
        #expect(r.stdout.contains("span 1h)"))
        #expect(r.stdout.contains("arrivals    3 jobs/h"))
        #expect(r.stdout.contains("demand      18.0167 GPU-h (18.02 GPUs over the submit span)\n"))
        #expect(r.stdout.contains("p50 1h,"))
        #expect(r.stdout.contains("max 2h\n"))
        #expect(r.stdout.contains("  1  1 (33.3%)\n  2  1 (33.3%)\n  8  1 (33.3%)"))
    }

    @Test func inspectReportsMalformedRowsWithFileAndLine() throws {
        let dir = try scratch(["t.csv": tiresias.replacingOccurrences(of: "2,8,60", with: "2,x,60")])
        let r = try OrreryProcess.run(["trace", "inspect", "t.csv", "--format", "tiresias"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("t.csv:3: field 'num_gpu': expected a whole number"))
    }

    @Test func inspectRejectsAnUnknownFormat() throws {
        let dir = try scratch(["t.csv": tiresias])
        let r = try OrreryProcess.run(["trace", "inspect", "t.csv", "--format", "philly"], in: dir)
        #expect(r.status != 0)
        #expect(r.stderr.contains("gavel-philly"))
    }

    /// A scenario reads the trace through `format: tiresias` and runs it: 2 + 8 GPUs fit
    /// on 2 nodes at once; the last job starts on arrival at 1 h. Makespan: 2 h + 60 s.
    @Test func scenarioRunsAnImportedTrace() throws {
        let dir = try scratch([
            "t.csv": tiresias,
            "s.yaml": """
                name: imported
                cluster: { nodes: [ { type: DGX-A100, count: 2 } ] }
                workloads:
                  - kind: jobs
                    name: t
                    trace: { format: tiresias, path: t.csv }
                scheduler: { policy: easy-backfill, placement: spread }
                """,
        ])
        let r = try OrreryProcess.run(["run", "s.yaml", "--json", "--out", "r.sqlite"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let metrics = try #require(object["metrics"] as? [String: [String: Any]])
        #expect(metrics["jobs.finished"]?["value"] as? Double == 3)
        #expect(metrics["jobs.makespan"]?["value"] as? Double == 7260)
        #expect(metrics["jobs.queueing.max"]?["value"] as? Double == 0)
    }

    @Test func scenarioTraceErrorsPointIntoTheTrace() throws {
        let dir = try scratch([
            "t.csv": tiresias.replacingOccurrences(of: "alexnet,60,", with: "alexnet,0,"),
            "s.yaml": """
                cluster: { nodes: [ { type: DGX-A100, count: 2 } ] }
                workloads:
                  - { kind: jobs, trace: { format: tiresias, path: t.csv } }
                """,
        ])
        let r = try OrreryProcess.run(["validate", "s.yaml"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("t.csv:4"))
        #expect(r.stderr.contains("expected seconds > 0"))
    }

    @Test func scenarioRejectsAnUnknownTraceFormat() throws {
        let dir = try scratch([
            "s.yaml": """
                cluster: { nodes: [ { type: DGX-A100, count: 2 } ] }
                workloads:
                  - { kind: jobs, trace: { format: tiresia, path: t.csv } }
                """,
        ])
        let r = try OrreryProcess.run(["validate", "s.yaml"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown trace format 'tiresia' (available: csv, gavel-philly, alibaba-openb, pollux, tiresias, philly-job-log, helios, acme, alibaba-pai)"))
    }

    /// The job-log importers through the command line: PAI's two tables from their
    /// directory, Philly's JSON log converted to Orrery CSV and run from a scenario.
    @Test func jobLogFormatsInspectConvertAndRun() throws {
        let fixtures = OrreryProcess.packageRoot.appendingPathComponent("Tests/Fixtures/traces")
        let dir = try scratch([
            "s.yaml": """
                cluster: { nodes: [ { type: DGX-A100, count: 2 } ] }
                workloads:
                  - { kind: jobs, name: h, trace: { format: helios, path: \(fixtures.path)/helios-cluster_log.csv } }
                """,
        ])
        let inspect = try OrreryProcess.run(["trace", "inspect", fixtures.appendingPathComponent("alibaba-pai-2020").path, "--format", "alibaba-pai"], in: dir)
        #expect(inspect.status == 0, "\(inspect.stderr)")
        #expect(inspect.stdout.contains("jobs        2 (skipped: 1 fractional GPU (plan_gpu not a multiple of 100), 1 no GPU (plan_gpu = 0), 1 unfinished"))
        let convert = try OrreryProcess.run(
            ["trace", "convert", fixtures.appendingPathComponent("philly-cluster_job_log.json").path, "--format", "philly-job-log", "--to", "orrery-csv", "p.csv"], in: dir)
        #expect(convert.status == 0, "\(convert.stderr)")
        let csv = try String(contentsOf: dir.appendingPathComponent("p.csv"), encoding: .utf8)
        #expect(csv.contains("application_1506638472019_10002,ee9e8c,d4e5f6,8,326,4200,,0"))
        let run = try OrreryProcess.run(["run", "s.yaml", "--json", "--out", "r.sqlite"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"jobs.finished\""))
    }

    /// An output that cannot be written says why in words (it was "NSCocoaErrorDomain
    /// error 512" for a directory).
    @Test(arguments: [("out", "it is a directory"), ("missing/p.csv", "does not exist")])
    func convertToAnUnwritablePathSaysWhy(output: String, reason: String) throws {
        let dir = try scratch()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("out"), withIntermediateDirectories: true)
        let input = OrreryProcess.packageRoot.appendingPathComponent("Tests/Fixtures/traces/helios-cluster_log.csv").path
        let r = try OrreryProcess.run(["trace", "convert", input, "--format", "helios", output], in: dir)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("\(output): cannot write: ") && r.stderr.contains(reason), "\(r.stderr)")
    }

    /// The bundled Philly slice loads (1,110 jobs, 15 per-VC files) and runs to the end
    /// under every policy.
    @Test(arguments: ["fifo", "easy-backfill", "sjf"])
    func bundledPhillyScenariosRun(policy: String) throws {
        let path = OrreryProcess.packageRoot.appendingPathComponent("Scenarios/scheduling/philly-\(policy).yaml").path
        let out = try scratch()
        let r = try OrreryProcess.run(["run", path, "--json", "--out", out.appendingPathComponent("r.sqlite").path], in: out)
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let metrics = try #require(object["metrics"] as? [String: [String: Any]])
        #expect(metrics["jobs.submitted"]?["value"] as? Double == 1110)
        #expect(metrics["jobs.finished"]?["value"] as? Double == 1110)
        #expect(metrics["cluster.gpus"]?["value"] as? Double == 1024)
    }
}
