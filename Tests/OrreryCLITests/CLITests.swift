import Foundation
import Testing
import OrreryResults

private let small = """
    name: small
    run: { seed: 7 }
    cluster:
      nodes:
        - { type: DGX-A100, count: 2 }
    workloads:
      - kind: jobs
        jobs:
          - { id: a, gpus: 8, duration: 100s }
          - { id: b, gpus: 16, submit: 10s, duration: 50s }
          - { id: c, gpus: 4, submit: 20s, duration: 10s, tenant: t2 }
    """

@Suite(.serialized) struct CLITests {
    @Test func versionPrints() throws {
        let r = try OrreryProcess.run(["version"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("orrery 0."))
    }

    @Test func runWritesSQLiteAndPrintsASummary() throws {
        let dir = try scratch(["s.yaml": small])
        let r = try OrreryProcess.run(["run", "s.yaml", "--out", "out/r.sqlite"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("small · seed 7"))
        // Column widths follow the longest metric name; compare with spaces collapsed.
        let summary = r.stdout.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        #expect(summary.contains("jobs.finished 3 jobs"))
        #expect(summary.contains("jobs.makespan 160 s"))
        #expect(summary.contains("tenants.t2.gpu-hours"))
        #expect(r.stderr.isEmpty, "no progress line when not on a terminal: \(r.stderr)")
        let reader = try ResultsReader(path: dir.appendingPathComponent("out/r.sqlite").path)
        let run = try #require(try reader.runs().first)
        #expect(run.status == .completed)
        #expect(run.info.seed == 7)
        let jobs = try reader.jobs(run: run.runID)
        #expect(jobs.map(\.jobID) == ["a", "b", "c"])
        #expect(jobs.map { $0.end?.seconds } == [100, 150, 160])
        #expect(try reader.metrics(run: run.runID).contains { $0.name == "jobs.jct.mean" })
        #expect(try reader.samples(run: run.runID, series: "gpu.allocated").map(\.value) == [0, 8, 16, 4, 0])
    }

    @Test func jsonSummaryIsMachineReadable() throws {
        let dir = try scratch(["s.yaml": small])
        let r = try OrreryProcess.run(["run", "s.yaml", "--json", "--seed", "9"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["seed"] as? Int == 9)
        #expect(object["status"] as? String == "completed")
        #expect(object["output"] as? String == "Results/small-seed9.sqlite")
        let metrics = try #require(object["metrics"] as? [String: [String: Any]])
        #expect(metrics["jobs.finished"]?["value"] as? Double == 3)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("Results/small-seed9.sqlite").path))
    }

    /// Same scenario and seed: byte-identical job, series and metric rows.
    @Test func sameSeedGivesIdenticalRows() throws {
        let dir = try scratch(["s.yaml": small])
        for name in ["one", "two"] {
            let r = try OrreryProcess.run(["run", "s.yaml", "--out", "\(name).sqlite"], in: dir)
            #expect(r.status == 0)
        }
        let one = try ResultsReader(path: dir.appendingPathComponent("one.sqlite").path)
        let two = try ResultsReader(path: dir.appendingPathComponent("two.sqlite").path)
        for table in ["jobs", "series", "timeseries", "metrics"] {
            let rows = try one.tableDump(table)
            #expect(!rows.isEmpty)
            #expect(rows == (try two.tableDump(table)), "table \(table)")
        }
    }

    @Test func validateReportsEveryProblemWithFileAndLine() throws {
        let dir = try scratch(["bad.yaml": small.replacingOccurrences(of: "gpus: 16", with: "gpus: 17")
            .replacingOccurrences(of: "id: c, gpus: 4", with: "id: a, gpus: 4")])
        let r = try OrreryProcess.run(["validate", "bad.yaml"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.yaml:11:"))
        #expect(r.stderr.contains("needs 17 GPUs but the cluster has only 16"))
        #expect(r.stderr.contains("duplicate job id 'a'"))
        #expect(r.stdout.isEmpty)
    }

    @Test func validateAcceptsTheQuickstart() throws {
        let r = try OrreryProcess.run(["validate", "Scenarios/quickstart.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("valid — 5 nodes, 40 GPUs"))
    }

    @Test(arguments: [
        (["run", "missing.yaml"], "missing.yaml", 2),
        (["run", "."], "directory", 2),
        (["run", "s.yaml", "--seed", "-3"], "seed", 64),
        (["run", "s.yaml", "--bogus"], "bogus", 64),
        (["catalog", "tpus"], "tpus", 64),
    ])
    func badInputGetsAClearErrorAndNoCrash(arguments: [String], mention: String, status: Int32) throws {
        let dir = try scratch(["s.yaml": small])
        let r = try OrreryProcess.run(arguments, in: dir)
        #expect(r.status == status, "\(r.stderr)")
        #expect(r.stderr.contains(mention), "\(r.stderr)")
    }

    @Test func badYAMLDoesNotTouchAnExistingResultsFile() throws {
        let dir = try scratch(["s.yaml": small, "broken.yaml": "cluster: [unclosed"])
        #expect(try OrreryProcess.run(["run", "s.yaml", "--out", "keep.sqlite"], in: dir).status == 0)
        let before = try Data(contentsOf: dir.appendingPathComponent("keep.sqlite"))
        let r = try OrreryProcess.run(["run", "broken.yaml", "--out", "keep.sqlite"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("broken.yaml:2:1: invalid YAML"))
        #expect(try Data(contentsOf: dir.appendingPathComponent("keep.sqlite")) == before)
    }

    @Test func catalogListsGPUsAndNodes() throws {
        let r = try OrreryProcess.run(["catalog"])
        #expect(r.status == 0)
        for name in ["A100-40GB", "A100-80GB", "H100-SXM", "H200-SXM", "B200", "MI300X", "DGX-A100", "DGX-H100", "DGX-H200", "DGX-B200"] {
            #expect(r.stdout.contains(name), "\(name)")
        }
        let gpus = try OrreryProcess.run(["catalog", "gpus"])
        #expect(!gpus.stdout.contains("DGX-H100"))
    }

    @Test func baselineUpdateThenCheckPassesAndDriftFails() throws {
        let dir = try scratch(["s.yaml": small])
        let update = try OrreryProcess.run(["baseline", "update", "s.yaml", "--baseline", "b.json", "--relative", "0.01"], in: dir)
        #expect(update.status == 0, "\(update.stderr)")
        let pass = try OrreryProcess.run(["check", "s.yaml", "--baseline", "b.json"], in: dir)
        #expect(pass.status == 0, "\(pass.stdout)\(pass.stderr)")
        #expect(pass.stdout.contains("jobs.makespan"))

        // The cluster doubles: makespan and queueing move out of their 1% band.
        let bigger = small.replacingOccurrences(of: "count: 2", with: "count: 4")
        try bigger.write(to: dir.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let fail = try OrreryProcess.run(["check", "s.yaml", "--baseline", "b.json"], in: dir)
        #expect(fail.status == 1)
        #expect(fail.stdout.contains(BaselineReport.failureMarker))
        #expect(fail.stdout.contains("jobs.makespan"))
    }

    @Test func checkWithAMalformedBaselineIsInvalidInput() throws {
        let dir = try scratch(["s.yaml": small, "b.json": "{ not json"])
        let r = try OrreryProcess.run(["check", "s.yaml", "--baseline", "b.json"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("b.json"))
    }

    /// SIGINT mid-run: the file is consistent, marked interrupted, and keeps its rows.
    @Test func interruptedRunLeavesAConsistentFile() throws {
        let dir = try scratch(["long.yaml": oneNodeScenario(trace: "jobs.csv"), "jobs.csv": longTrace(jobs: 60_000)])
        let results = dir.appendingPathComponent("r.sqlite")
        let r = try OrreryProcess.run(["run", "long.yaml", "--out", "r.sqlite"], in: dir, signal: SIGINT, whenExists: results)
        let reader = try ResultsReader(path: results.path)
        let run = try #require(try reader.runs().first)
        // The signal comes 0.2 s after the file appears; the run takes seconds.
        #expect(r.status == 130, "\(r.stderr)")
        #expect(run.status == .interrupted)
        #expect(r.stdout.contains("interrupted"))
        let jobs = try reader.jobs(run: run.runID)
        #expect(jobs.count == 60_000, "finished jobs and the rest, with their state")
        #expect(jobs.contains { $0.status == "finished" })
    }
}
