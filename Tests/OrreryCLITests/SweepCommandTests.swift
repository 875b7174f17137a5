import Foundation
import OrreryResults
import Testing

/// `contended` (CompareCommandTests) on one or two nodes: with one node its jobs queue
/// (and the policy decides the order), with two the short one waits less.
private let sweepSection = """

    sweep:
      axes:
        cluster.nodes[0].count: [1, 2]
        scheduler.policy: [fifo, sjf]
      metrics: [jobs.queueing.mean, jobs.queueing.max]
    """

@Suite(.serialized) struct SweepCommandTests {
    @Test func everyVariantIsARowAndARun() throws {
        let dir = try scratch(["s.yaml": contended + sweepSection])
        let r = try OrreryProcess.run(["sweep", "s.yaml", "--out", "s.sqlite"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(lines[0].contains("4") && r.stdout.contains("seed 3 for every variant"), "\(r.stdout)")
        #expect(lines[1] == ["#", "cluster.nodes[0].count", "scheduler.policy", "jobs.queueing.mean", "(s)", "jobs.queueing.max", "(s)"])
        // One node: FIFO waits 999 s and 1498 s (mean 832.333), SJF 998 s and 1009 s (669),
        // as `orrery compare` finds. Two nodes: only small waits, for big to end at 501 s
        // (499 s, mean 166.333), whatever the policy.
        #expect(lines[2] == ["1", "1", "fifo", "832.333", "1498"], "\(r.stdout)")
        #expect(lines[3] == ["2", "1", "sjf", "669", "1009"], "\(r.stdout)")
        #expect(lines[4] == ["3", "2", "fifo", "166.333", "499"], "\(r.stdout)")
        #expect(lines[5] == ["4", "2", "sjf", "166.333", "499"], "\(r.stdout)")

        let reader = try ResultsReader(path: dir.appendingPathComponent("s.sqlite").path)
        let runs = try reader.runs()
        #expect(runs.map(\.info.variant) == [
            "cluster.nodes[0].count=1,scheduler.policy=fifo", "cluster.nodes[0].count=1,scheduler.policy=sjf",
            "cluster.nodes[0].count=2,scheduler.policy=fifo", "cluster.nodes[0].count=2,scheduler.policy=sjf",
        ])
        #expect(runs.map { $0.info.settings.map(\.value) } == [["1", "fifo"], ["1", "sjf"], ["2", "fifo"], ["2", "sjf"]])
        #expect(runs.allSatisfy { $0.info.settings.map(\.keyPath) == ["cluster.nodes[0].count", "scheduler.policy"] })
        #expect(Set(runs.map(\.info.seed)) == [3], "common random numbers: one seed")
        #expect(runs.allSatisfy { $0.status == .completed && $0.info.runIndex == 0 })
    }

    /// A variant that sets what the file says is the plain run, row for row; and the same
    /// sweep twice gives the same rows.
    @Test func variantsAreThePlainRunsAndReproducible() throws {
        let dir = try scratch(["c.yaml": contended])
        let plain = try OrreryProcess.run(["run", "c.yaml", "--out", "p.sqlite"], in: dir)
        let first = try OrreryProcess.run(["sweep", "c.yaml", "--set", "scheduler.policy=fifo,sjf", "--out", "a.sqlite"], in: dir)
        let again = try OrreryProcess.run(["sweep", "c.yaml", "--set", "scheduler.policy=fifo,sjf", "--out", "b.sqlite"], in: dir)
        #expect(plain.status == 0 && first.status == 0 && again.status == 0, "\(plain.stderr)\(first.stderr)\(again.stderr)")
        let p = try ResultsReader(path: dir.appendingPathComponent("p.sqlite").path)
        let a = try ResultsReader(path: dir.appendingPathComponent("a.sqlite").path)
        let b = try ResultsReader(path: dir.appendingPathComponent("b.sqlite").path)
        #expect(try a.metrics(run: 1) == (try p.metrics(run: 1)))
        #expect(try a.jobs(run: 1) == (try p.jobs(run: 1)))
        for table in ["metrics", "jobs", "timeseries", "variant_settings"] {
            #expect(try a.tableDump(table) == (try b.tableDump(table)), "\(table)")
        }
    }

    /// Every variant is checked before any runs: a bad value fails the sweep with the
    /// key path, the value and where it was written, and nothing is written.
    @Test func aBadVariantStopsTheSweepBeforeAnyRun() throws {
        let dir = try scratch(["s.yaml": contended])
        let r = try OrreryProcess.run(["sweep", "s.yaml", "--set", "cluster.nodes[0].count=1,two", "--out", "x.sqlite"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("cluster.nodes[0].count: expected an integer"), "\(r.stderr)")
        #expect(r.stderr.contains("found 'two'") && r.stderr.contains("sweep variant 2 of 2: cluster.nodes[0].count=two"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.sqlite").path))

        let range = try OrreryProcess.run(["sweep", "s.yaml", "--set", "workloads[3].name=x"], in: dir)
        #expect(range.status == 2)
        #expect(range.stderr.contains("index 3 is out of range: 'workloads' has 1 entry"), "\(range.stderr)")

        let nothing = try OrreryProcess.run(["sweep", "s.yaml"], in: dir)
        #expect(nothing.status == 2)
        #expect(nothing.stderr.contains("nothing to sweep"), "\(nothing.stderr)")
    }

    @Test func zipJSONAndMetricPatterns() throws {
        let dir = try scratch(["s.yaml": contended])
        let r = try OrreryProcess.run([
            "sweep", "s.yaml", "--set", "cluster.nodes[0].count=1,2", "--set", "scheduler.policy=sjf,fifo", "--combine", "zip",
            "--metrics", "jobs.queueing.*", "--json", "--out", "z.sqlite",
        ], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(document["combine"] as? String == "zip")
        let variants = try #require(document["variants"] as? [[String: Any]])
        #expect(variants.map { $0["label"] as? String } == [
            "cluster.nodes[0].count=1,scheduler.policy=sjf", "cluster.nodes[0].count=2,scheduler.policy=fifo",
        ])
        let metrics = try #require(variants.first?["metrics"] as? [String: [String: Any]])
        #expect(metrics.keys.allSatisfy { $0.hasPrefix("jobs.queueing.") } && metrics.count >= 4, "\(metrics.keys)")
        #expect(metrics["jobs.queueing.mean"]?["mean"] as? Double == 669)
    }

    /// Replications run indices 0..<N in every variant; parallel processes give the
    /// very rows of the sequential sweep.
    @Test func replicationsAndProcesses() throws {
        let dir = try scratch(["r.yaml": failing])
        let axis = "failures.modes[0].rate=1e-2,2e-2"
        let sequential = try OrreryProcess.run(
            ["sweep", "r.yaml", "--set", axis, "--replications", "3", "--metrics", "resilience.ettr", "--out", "s.sqlite", "--quiet"], in: dir)
        let parallel = try OrreryProcess.run(
            ["sweep", "r.yaml", "--set", axis, "--replications", "3", "--processes", "2", "--out", "p.sqlite", "--quiet"], in: dir)
        #expect(sequential.status == 0 && parallel.status == 0, "\(sequential.stderr)\(parallel.stderr)")
        #expect(sequential.stdout.contains("2 variants (cross) × 3 replications"), "\(sequential.stdout)")
        let row = try #require(sequential.stdout.split(separator: "\n").first { $0.hasPrefix("1 ") })
        #expect(row.contains(" ± "), "an interval per variant: \(row)")
        #expect(parallel.stdout.contains("in 2 processes"), "\(parallel.stdout)")
        let s = try ResultsReader(path: dir.appendingPathComponent("s.sqlite").path)
        let p = try ResultsReader(path: dir.appendingPathComponent("p.sqlite").path)
        #expect(try s.runs().map(\.info.runIndex) == [0, 1, 2, 0, 1, 2])
        #expect(try p.runs().map(\.info.variant) == (try s.runs().map(\.info.variant)))
        for table in ["metrics", "failures", "variant_settings", "timeseries"] {
            #expect(try p.tableDump(table) == (try s.tableDump(table)), "\(table)")
        }
    }

    /// SIGINT mid-sweep: the finished runs stay, the one in progress is `interrupted`,
    /// none follows it.
    @Test func interruptedSweepKeepsTheFinishedRuns() throws {
        let dir = try scratch([
            "s.yaml": oneNodeScenario(trace: "short.csv"), "short.csv": "id,submit,duration,gpus\na,0,10,8\n",
            "long.csv": longTrace(jobs: 20_000),
        ])
        let results = dir.appendingPathComponent("r.sqlite")
        let r = try OrreryProcess.run(
            ["sweep", "s.yaml", "--set", "workloads[0].trace.path=short.csv,long.csv", "--out", "r.sqlite"],
            in: dir, signal: SIGINT, whenExists: results)
        let statuses = try ResultsReader(path: results.path).runs().map(\.status)
        // The signal comes 0.2 s after the file appears; the long run takes seconds.
        #expect(r.status == 130, "\(r.stderr)")
        #expect(statuses.last == .interrupted, "\(statuses)")
        #expect(statuses.dropLast().allSatisfy { $0 == .completed }, "\(statuses)")
        #expect(r.stdout.contains("interrupted"))
    }

    /// One baseline file covers a whole sweep, each metric under its variant's label.
    @Test func baselinesAndValidateCoverEveryVariant() throws {
        let dir = try scratch(["s.yaml": contended + sweepSection])
        let update = try OrreryProcess.run(["baseline", "update", "s.yaml", "--baseline", "b.json"], in: dir)
        #expect(update.status == 0, "\(update.stderr)")
        let baseline = try String(contentsOf: dir.appendingPathComponent("b.json"), encoding: .utf8)
        #expect(baseline.contains("\"[cluster.nodes[0].count=2,scheduler.policy=sjf] jobs.queueing.mean\""), "\(baseline.prefix(400))")
        let check = try OrreryProcess.run(["check", "s.yaml", "--baseline", "b.json"], in: dir)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("4 sweep variants"), "\(check.stdout)")

        let validate = try OrreryProcess.run(["validate", "s.yaml"], in: dir)
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stdout.contains("4 sweep variants"), "\(validate.stdout)")
        #expect(validate.stdout.contains("4. cluster.nodes[0].count=2,scheduler.policy=sjf: 2 nodes, 16 GPUs"), "\(validate.stdout)")

        let run = try OrreryProcess.run(["run", "s.yaml"], in: dir)
        #expect(run.status == 2)
        #expect(run.stderr.contains("run it with 'orrery sweep'"), "\(run.stderr)")
    }
}
